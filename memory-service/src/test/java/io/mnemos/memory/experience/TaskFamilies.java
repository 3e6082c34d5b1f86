package io.mnemos.memory.experience;

import io.mnemos.contracts.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic ground truth for experience memory: 20 task families (each with two phrasings) plus 3 families that are
 * never trained on. A family is a goal template with slots and a fixed step program whose sub-goals and parameters
 * use the slots. Slot values come from pools split into training and held-out halves, so held-out tasks use unseen
 * values.
 */
final class TaskFamilies {

    record StepProgram(String subGoal, String action, Map<String, String> params) {}

    record Family(String name, List<String> phrasings, List<StepProgram> steps, boolean trained) {}

    /** A generated task with its gold instantiation. */
    record Task(Family family, int phrasing, String goal, Map<String, String> values, List<EpisodeStep> gold) {}

    static final Map<String, List<String>> POOLS = new LinkedHashMap<>();

    static {
        POOLS.put(
                "contact",
                List.of(
                        "Anna",
                        "Bob Stone",
                        "Carlos",
                        "Dana White",
                        "Eve",
                        "Farid",
                        "Grace Hopper",
                        "Hiro",
                        "Ines",
                        "Jamal",
                        "Kim Lee",
                        "Lars",
                        "Maya",
                        "Noor",
                        "Omar",
                        "Priya Patel"));
        POOLS.put(
                "text",
                List.of(
                        "running late",
                        "see you at noon",
                        "happy birthday",
                        "call me back",
                        "on my way",
                        "thanks a lot",
                        "dinner is ready",
                        "meeting moved",
                        "good luck today",
                        "miss you",
                        "bring the keys",
                        "landed safely"));
        POOLS.put(
                "restaurant",
                List.of(
                        "Nopa",
                        "Zuni Cafe",
                        "Tartine",
                        "State Bird",
                        "Kokkari",
                        "Lers Ros",
                        "Burma Superstar",
                        "Foreign Cinema",
                        "Rich Table",
                        "Delfina"));
        POOLS.put("n", List.of("2", "3", "4", "5", "6", "7", "8", "9", "10", "12"));
        POOLS.put("time", List.of("7 pm", "7:30 pm", "8 pm", "6:45 am", "9 am", "noon", "10:15 pm", "5:30 am"));
        POOLS.put(
                "song",
                List.of(
                        "Yesterday",
                        "Hey Jude",
                        "Halo",
                        "Clocks",
                        "Hurt",
                        "Creep",
                        "Jolene",
                        "Vogue",
                        "Africa",
                        "Roxanne"));
        POOLS.put(
                "artist",
                List.of(
                        "The Beatles",
                        "Beyonce",
                        "Coldplay",
                        "Johnny Cash",
                        "Radiohead",
                        "Dolly Parton",
                        "Madonna",
                        "Toto",
                        "The Police",
                        "Adele"));
        POOLS.put(
                "place",
                List.of(
                        "the airport",
                        "Golden Gate Park",
                        "the nearest pharmacy",
                        "Union Square",
                        "the train station",
                        "Ocean Beach",
                        "city hall",
                        "the museum"));
        POOLS.put(
                "item",
                List.of(
                        "milk",
                        "eggs",
                        "bread",
                        "olive oil",
                        "coffee beans",
                        "paper towels",
                        "apples",
                        "rice",
                        "butter",
                        "dish soap"));
        POOLS.put(
                "subject",
                List.of(
                        "the budget",
                        "next week",
                        "the offer",
                        "our trip",
                        "the invoice",
                        "the report",
                        "lunch plans",
                        "the contract"));
        POOLS.put(
                "device",
                List.of(
                        "kitchen lights",
                        "heater",
                        "fan",
                        "porch light",
                        "tv",
                        "coffee machine",
                        "bedroom lamp",
                        "air purifier"));
        POOLS.put("size", List.of("small", "medium", "large", "tall", "grande", "venti"));
        POOLS.put(
                "drink",
                List.of("latte", "cappuccino", "mocha", "flat white", "chai", "americano", "cold brew", "matcha"));
        POOLS.put(
                "shop",
                List.of("Blue Bottle", "Philz", "Sightglass", "Ritual", "Peets", "Verve", "Equator", "Four Barrel"));
        POOLS.put(
                "city",
                List.of("Paris", "Tokyo", "Berlin", "Lisbon", "Nairobi", "Lima", "Oslo", "Seoul", "Austin", "Hanoi"));
        POOLS.put("amount", List.of("20", "50", "75", "100", "120", "200", "35", "60"));
        POOLS.put("camera", List.of("front", "back", "wide", "macro"));
        POOLS.put(
                "title",
                List.of(
                        "dentist",
                        "team sync",
                        "yoga class",
                        "parent meeting",
                        "car service",
                        "book club",
                        "flight home",
                        "haircut"));
        POOLS.put("date", List.of("Monday", "Friday", "May 3", "June 14", "tomorrow", "Sunday", "July 1", "March 9"));
        POOLS.put(
                "phrase",
                List.of(
                        "good morning",
                        "where is the station",
                        "thank you very much",
                        "how much",
                        "I am lost",
                        "one coffee please",
                        "see you soon",
                        "what time is it"));
        POOLS.put(
                "language",
                List.of("Spanish", "French", "Japanese", "German", "Italian", "Korean", "Portuguese", "Dutch"));
        POOLS.put(
                "file",
                List.of(
                        "the budget sheet",
                        "holiday photos",
                        "the slides",
                        "tax return",
                        "the contract draft",
                        "meeting notes",
                        "the floor plan",
                        "the recipe"));
        POOLS.put(
                "app_name",
                List.of("Duolingo", "Strava", "Signal", "Notion", "Shazam", "Waze", "Headspace", "Audible"));
    }

    static List<Family> all() {
        List<Family> f = new ArrayList<>();
        f.add(fam(
                "message",
                List.of("send a message to {contact} saying {text}", "text {contact} that {text}"),
                s("open the messages app", "open_app", "app", "Messages"),
                s("select {contact}", "select_contact", "name", "{contact}"),
                s("type {text}", "type_text", "text", "{text}"),
                s("press send", "tap", "element", "send_button")));
        f.add(fam(
                "call",
                List.of("call {contact}", "phone {contact} now"),
                s("open the phone app", "open_app", "app", "Phone"),
                s("search for {contact}", "search", "query", "{contact}"),
                s("tap call", "tap", "element", "call_button")));
        f.add(fam(
                "table",
                List.of(
                        "book a table for {n} at {restaurant} at {time}",
                        "reserve {restaurant} for {n} people at {time}"),
                s("open the reservations app", "open_app", "app", "Resy"),
                s("search for {restaurant}", "search", "query", "{restaurant}"),
                s("set party size to {n}", "set_party", "size", "{n}"),
                s("pick {time}", "select_time", "time", "{time}"),
                s("confirm the reservation", "tap", "element", "reserve")));
        f.add(fam(
                "alarm",
                List.of("set an alarm for {time}", "wake me up at {time}"),
                s("open the clock app", "open_app", "app", "Clock"),
                s("open alarms", "tap", "element", "alarm_tab"),
                s("set the time to {time}", "set_time", "time", "{time}"),
                s("save the alarm", "tap", "element", "save")));
        f.add(fam(
                "play",
                List.of("play {song} by {artist}", "put on {song} from {artist}"),
                s("open spotify", "open_app", "app", "Spotify"),
                s("search for {song} {artist}", "search", "query", "{song} {artist}"),
                s("play the first result", "tap", "element", "first_result")));
        f.add(fam(
                "navigate",
                List.of("navigate to {place}", "get directions to {place}"),
                s("open maps", "open_app", "app", "Maps"),
                s("search for {place}", "search", "query", "{place}"),
                s("start directions", "tap", "element", "directions")));
        f.add(fam(
                "shopping",
                List.of("add {item} to my shopping list", "put {item} on the grocery list"),
                s("open keep", "open_app", "app", "Keep"),
                s("open the shopping list", "open_list", "name", "Shopping"),
                s("type {item}", "type_text", "text", "{item}"),
                s("add the item", "tap", "element", "add")));
        f.add(fam(
                "timer",
                List.of("set a timer for {n} minutes", "start a {n} minute timer"),
                s("open the clock app", "open_app", "app", "Clock"),
                s("open timers", "tap", "element", "timer_tab"),
                s("set duration to {n} minutes", "set_duration", "minutes", "{n}"),
                s("start the timer", "tap", "element", "start")));
        f.add(fam(
                "email",
                List.of("email {contact} about {subject}", "write an email to {contact} regarding {subject}"),
                s("open gmail", "open_app", "app", "Gmail"),
                s("compose a new email", "tap", "element", "compose"),
                s("select {contact}", "select_contact", "name", "{contact}"),
                s("type the subject {subject}", "type_text", "text", "{subject}", "field", "subject"),
                s("press send", "tap", "element", "send_button")));
        f.add(fam(
                "device",
                List.of("turn on the {device}", "switch the {device} on"),
                s("open the home app", "open_app", "app", "Home"),
                s("select the {device}", "select_device", "name", "{device}"),
                s("switch it on", "toggle", "state", "on")));
        f.add(fam(
                "coffee",
                List.of("order a {size} {drink} from {shop}", "get me a {size} {drink} at {shop}"),
                s("open the coffee app", "open_app", "app", "CoffeeApp"),
                s("search for {shop}", "search", "query", "{shop}"),
                s("select {drink}", "select_item", "item", "{drink}"),
                s("choose size {size}", "set_option", "size", "{size}"),
                s("check out", "tap", "element", "checkout")));
        f.add(fam(
                "weather",
                List.of("check the weather in {city}", "what is the forecast for {city}"),
                s("open the weather app", "open_app", "app", "Weather"),
                s("search for {city}", "search", "query", "{city}"),
                s("read the forecast", "read_screen")));
        f.add(fam(
                "transfer",
                List.of("transfer {amount} dollars to {contact}", "send {contact} {amount} dollars"),
                s("open the bank app", "open_app", "app", "Bank"),
                s("open transfers", "tap", "element", "transfer"),
                s("select {contact}", "select_contact", "name", "{contact}"),
                s("enter {amount}", "type_text", "text", "{amount}", "field", "amount"),
                s("confirm the transfer", "tap", "element", "confirm")));
        f.add(fam(
                "photo",
                List.of("take a photo with the {camera} camera", "snap a picture using the {camera} lens"),
                s("open the camera", "open_app", "app", "Camera"),
                s("switch to the {camera} camera", "switch_camera", "camera", "{camera}"),
                s("press the shutter", "tap", "element", "shutter")));
        f.add(fam(
                "event",
                List.of("create an event {title} on {date}", "schedule {title} for {date}"),
                s("open the calendar", "open_app", "app", "Calendar"),
                s("create a new event", "tap", "element", "new_event"),
                s("type the title {title}", "type_text", "text", "{title}", "field", "title"),
                s("set the date to {date}", "set_date", "date", "{date}"),
                s("save the event", "tap", "element", "save")));
        f.add(fam(
                "translate",
                List.of("translate {phrase} to {language}", "how do you say {phrase} in {language}"),
                s("open translate", "open_app", "app", "Translate"),
                s("choose {language}", "select_language", "language", "{language}"),
                s("type {phrase}", "type_text", "text", "{phrase}"),
                s("read the translation", "read_screen")));
        f.add(fam(
                "hotel",
                List.of("find a hotel in {city} for {n} nights", "book {n} nights in {city}"),
                s("open booking", "open_app", "app", "Booking"),
                s("search for {city}", "search", "query", "{city}"),
                s("set {n} nights", "set_nights", "nights", "{n}"),
                s("open the first result", "tap", "element", "first_result")));
        f.add(fam(
                "share",
                List.of("share {file} with {contact}", "send {file} to {contact} via drive"),
                s("open drive", "open_app", "app", "Drive"),
                s("search for {file}", "search", "query", "{file}"),
                s("tap share", "tap", "element", "share"),
                s("select {contact}", "select_contact", "name", "{contact}"),
                s("press send", "tap", "element", "send_button")));
        f.add(fam(
                "install",
                List.of("download {app_name} from the store", "install {app_name}"),
                s("open the play store", "open_app", "app", "PlayStore"),
                s("search for {app_name}", "search", "query", "{app_name}"),
                s("tap install", "tap", "element", "install")));
        f.add(fam(
                "post",
                List.of("post {text} on twitter", "tweet {text}"),
                s("open twitter", "open_app", "app", "Twitter"),
                s("start a new post", "tap", "element", "compose"),
                s("type {text}", "type_text", "text", "{text}"),
                s("publish the post", "tap", "element", "post")));
        // Never trained on: must not match at task level.
        f.add(new Family(
                "rate",
                List.of("rate {restaurant} five stars", "give {restaurant} a five star review"),
                List.of(
                        s("open yelp", "open_app", "app", "Yelp"),
                        s("search for {restaurant}", "search", "query", "{restaurant}"),
                        s("tap five stars", "tap", "element", "five_stars")),
                false));
        f.add(new Family(
                "reply",
                List.of("reply to {contact} with {text}", "answer {contact} saying {text}"),
                List.of(
                        s("open the messages app", "open_app", "app", "Messages"),
                        s("select {contact}", "select_contact", "name", "{contact}"),
                        s("tap reply", "tap", "element", "reply"),
                        s("type {text}", "type_text", "text", "{text}")),
                false));
        f.add(new Family(
                "mute",
                List.of("mute {contact} in whatsapp", "silence notifications from {contact}"),
                List.of(
                        s("open whatsapp", "open_app", "app", "WhatsApp"),
                        s("search for {contact}", "search", "query", "{contact}"),
                        s("tap mute", "tap", "element", "mute")),
                false));
        return f;
    }

    private static Family fam(String name, List<String> phrasings, StepProgram... steps) {
        return new Family(name, phrasings, List.of(steps), true);
    }

    private static StepProgram s(String subGoal, String action, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return new StepProgram(subGoal, action, p);
    }

    /** A task of {@code family} with values drawn at random from the training or held-out half of each pool. */
    static Task task(Family family, int phrasing, boolean heldOut, SplittableRandom r) {
        return task(family, phrasing, heldOut, r, -1);
    }

    /**
     * A task of {@code family}; with {@code index ≥ 0} the training values are taken in a seeded round-robin order of
     * the training half (so consecutive training episodes differ), otherwise at random.
     */
    static Task task(Family family, int phrasing, boolean heldOut, SplittableRandom r, int index) {
        String goalTemplate = family.phrasings().get(phrasing);
        Map<String, String> values = new LinkedHashMap<>();
        int slotNo = 0;
        for (String slot : TextPattern.placeholders(goalTemplate)) {
            List<String> pool = POOLS.get(slot);
            int half = pool.size() / 2;
            int i;
            if (heldOut) {
                i = half + r.nextInt(pool.size() - half);
            } else if (index >= 0) {
                i = Math.floorMod(index * (2 * slotNo + 1) + family.name().hashCode() + 3 * phrasing + slotNo, half);
            } else {
                i = r.nextInt(half);
            }
            slotNo++;
            values.put(slot, pool.get(i));
        }
        String goal = TextPattern.fill(goalTemplate, values);
        List<EpisodeStep> gold = new ArrayList<>();
        for (StepProgram s : family.steps()) {
            Map<String, String> params = new LinkedHashMap<>();
            s.params().forEach((k, v) -> params.put(k, TextPattern.fill(v, values)));
            gold.add(new EpisodeStep(TextPattern.fill(s.subGoal(), values), s.action(), params));
        }
        return new Task(family, phrasing, goal, values, gold);
    }

    /** A successful episode doing {@code task}. */
    static Episode episode(Task task, Instant at) {
        return new Episode(Ids.newId(), task.goal(), task.gold(), Episode.Outcome.SUCCESS, at);
    }

    /** A failed episode: the gold steps with the last two swapped and a wrong parameter. */
    static Episode failure(Task task, Instant at) {
        List<EpisodeStep> steps = new ArrayList<>(task.gold());
        java.util.Collections.swap(steps, steps.size() - 1, steps.size() - 2);
        steps.set(
                0, new EpisodeStep(steps.getFirst().subGoal(), steps.getFirst().action(), Map.of("app", "Wrong")));
        return new Episode(Ids.newId(), task.goal(), steps, Episode.Outcome.FAILURE, at);
    }
}
