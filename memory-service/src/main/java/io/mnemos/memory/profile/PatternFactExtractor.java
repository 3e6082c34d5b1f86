package io.mnemos.memory.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link FactExtractor} from English sentence patterns; no model. Recognises, with negations:
 *
 * <ul>
 *   <li>preferences: "I like / love / enjoy / adore / prefer / am a fan of X", "I hate / dislike / can't stand X",
 *       "I don't like X", "I prefer X over Y" → {@code <category>.preference} (category from a small lexicon: food,
 *       drink, music, sport, else {@code general}; "I like to X" → {@code activity.preference});
 *   <li>"my favo(u)rite X is Y" → {@code favourite.<x>};
 *   <li>"I am (not) allergic to X", "I have a X allergy" → {@code health.allergy};
 *   <li>"I live in X", "I moved to X", "I don't live in X anymore" → {@code location.home}; "I'm from X" →
 *       {@code location.origin};
 *   <li>"my name is X", "call me X" → {@code identity.name};
 *   <li>"I work as (a) X" → {@code work.occupation}; "I work at / for X" → {@code work.employer};
 *   <li>"I'm (a) vegetarian / vegan / pescatarian", "I'm not vegetarian (anymore)" → {@code food.diet}.
 * </ul>
 *
 * Lists ("sushi, ramen and pizza") give one fact per item for preferences and allergies. Questions, conditionals
 * ("if I ...", "I would ...") and "used to" statements give nothing.
 */
public final class PatternFactExtractor implements FactExtractor {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    private static final String I = "\\b(?:i|we)";
    private static final String NOT = "(?:don'?t|do not|doesn'?t|never|no longer|didn'?t|did not)";
    private static final String ADV = "(?:really |absolutely |totally |quite |just |also |still |kind of |sort of )*";
    /** The object of a verb: everything up to a clause break. */
    private static final String OBJ = "([^.!?;:()\"]+)";

    private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?;])\\s+|\\n+");
    private static final Pattern CLAUSE_END = Pattern.compile(
            "\\s*(?:,?\\s+\\b(?:but|because|since|though|although|when|while|so|if|as|which|who|that is|whereas|"
                    + "anymore|any more|these days|nowadays|now|too|either|very much|a lot|so much)\\b|,\\s*(?:but|and i|"
                    + "i)\\b|\\s+and\\s+(?:i|we|my|it|that|they)\\b).*$",
            FLAGS);
    private static final Pattern LIST_SPLIT = Pattern.compile("\\s*(?:,\\s*(?:and|or)?\\s*|\\s+(?:and|or|&)\\s+)\\s*");
    private static final Pattern LEADING = Pattern.compile(
            "^(?:(?:a|an|the|some|my|eating|drinking|to eat|to drink|listening to|playing|watching|lots of|all kinds"
                    + " of|any)\\s+)+",
            FLAGS);
    private static final Pattern SKIP_SENTENCE = Pattern.compile(
            "^(?:do|does|did|are|am|is|would|could|should|can|will|what|which|who|where|when|why|how)\\b|\\bif\\b"
                    + "|\\b(?:i|we) (?:would|'d|wish|used to|might|may)\\b|\\bi'd\\b",
            FLAGS);

    private static final Pattern NAME = Pattern.compile(
            "\\b(?:my name is|my name's|call me|i am called|i'm called)\\s+([\\p{L}][\\p{L}'-]*(?:\\s+[\\p{Lu}][\\p{L}'-]*){0,2})",
            FLAGS);
    private static final Pattern LIVE = Pattern.compile(
            I + "\\s+(" + NOT + "\\s+)?(?:currently\\s+)?(?:live|reside|am living|'m living)\\s+in\\s+" + OBJ, FLAGS);
    private static final Pattern MOVED =
            Pattern.compile(I + "(?:'ve| have)?\\s+(?:just\\s+|recently\\s+)?moved\\s+to\\s+" + OBJ, FLAGS);
    private static final Pattern FROM =
            Pattern.compile(I + "(?:'m| am| are)\\s+(not\\s+)?(?:originally\\s+)?from\\s+" + OBJ, FLAGS);
    private static final Pattern WORK_AS = Pattern.compile(
            I + "\\s+(" + NOT + "\\s+)?(?:currently\\s+)?work(?:ing)?\\s+as\\s+(?:an?\\s+)?" + OBJ, FLAGS);
    private static final Pattern WORK_AT =
            Pattern.compile(I + "\\s+(" + NOT + "\\s+)?(?:currently\\s+)?work(?:ing)?\\s+(?:at|for)\\s+" + OBJ, FLAGS);
    private static final Pattern JOB =
            Pattern.compile("\\bmy (?:job|occupation|profession) is\\s+(?:an?\\s+)?" + OBJ, FLAGS);
    private static final Pattern DIET = Pattern.compile(
            I
                    + "(?:'m| am| are)\\s+(not\\s+|no longer\\s+)?(?:an?\\s+|a strict\\s+)?(vegetarian|vegan|pescatarian|pescetarian|"
                    + "flexitarian|keto|gluten[- ]free|lactose[- ]intolerant)\\b",
            FLAGS);
    private static final Pattern ALLERGIC = Pattern.compile(
            I + "(?:'m| am| are)\\s+(not\\s+)?(?:very\\s+|severely\\s+|mildly\\s+)?allergic\\s+to\\s+" + OBJ, FLAGS);
    private static final Pattern ALLERGY =
            Pattern.compile(I + "\\s+have\\s+(?:an?\\s+|a severe\\s+|a mild\\s+)?([\\p{L} -]+?)\\s+allergy\\b", FLAGS);
    private static final Pattern FAVOURITE = Pattern.compile(
            "\\bmy (?:all[- ]time\\s+)?fav(?:ou?rite)?\\s+([\\p{L} ]+?)\\s+(?:is|are|was)\\s+" + OBJ, FLAGS);
    private static final Pattern PREFER_OVER = Pattern.compile(
            I + "\\s+" + ADV + "prefer\\s+([^.!?;,]+?)\\s+(?:over|to|rather than|instead of)\\s+" + OBJ, FLAGS);
    private static final Pattern NEGATIVE_LIKE = Pattern.compile(
            I + "\\s+" + NOT + "\\s+" + ADV + "(?:like|love|enjoy|eat|drink|care for|want)\\s+" + OBJ, FLAGS);
    private static final Pattern NOT_A_FAN = Pattern.compile(
            I + "(?:'m| am| are)\\s+not\\s+(?:a\\s+|really\\s+a\\s+|much of a\\s+|the biggest\\s+)?fan\\s+of\\s+" + OBJ,
            FLAGS);
    private static final Pattern HATE = Pattern.compile(
            I + "\\s+" + ADV + "(hate|dislike|detest|loathe|despise|can'?t stand|cannot stand|avoid)\\s+" + OBJ, FLAGS);
    private static final Pattern LIKE = Pattern.compile(
            I + "\\s+" + ADV
                    + "(like|love|enjoy|adore|prefer|am fond of|'m fond of|am into|'m into|am a (?:big |huge )?fan of|"
                    + "'m a (?:big |huge )?fan of|dig)\\s+" + OBJ,
            FLAGS);

    private static final Set<String> FOOD = Set.of(
            "sushi",
            "ramen",
            "pizza",
            "pasta",
            "burger",
            "burgers",
            "steak",
            "chicken",
            "beef",
            "pork",
            "fish",
            "seafood",
            "shellfish",
            "shrimp",
            "prawns",
            "lobster",
            "crab",
            "salad",
            "tacos",
            "curry",
            "noodles",
            "rice",
            "bread",
            "cheese",
            "chocolate",
            "ice cream",
            "cake",
            "dessert",
            "desserts",
            "fruit",
            "vegetables",
            "tofu",
            "eggs",
            "mushrooms",
            "olives",
            "onions",
            "garlic",
            "spicy food",
            "thai food",
            "indian food",
            "italian food",
            "chinese food",
            "japanese food",
            "mexican food",
            "french food",
            "korean food",
            "vietnamese food",
            "greek food",
            "food",
            "dumplings",
            "pho",
            "kimchi",
            "bbq",
            "barbecue",
            "sandwiches",
            "soup",
            "fries",
            "peanuts",
            "nuts",
            "dairy",
            "milk",
            "gluten",
            "meat",
            "lamb",
            "bacon",
            "avocado",
            "strawberries",
            "apples",
            "bananas",
            "cilantro",
            "coriander",
            "broccoli",
            "spinach",
            "tomatoes",
            "pancakes",
            "waffles",
            "croissants",
            "bagels",
            "hummus",
            "falafel",
            "paella",
            "risotto",
            "lasagna",
            "burritos",
            "nachos");
    private static final Set<String> DRINK = Set.of(
            "coffee",
            "tea",
            "green tea",
            "beer",
            "wine",
            "red wine",
            "white wine",
            "whisky",
            "whiskey",
            "gin",
            "vodka",
            "rum",
            "cocktails",
            "juice",
            "orange juice",
            "soda",
            "coke",
            "lemonade",
            "espresso",
            "latte",
            "cappuccino",
            "matcha",
            "sake",
            "cider",
            "champagne",
            "water",
            "sparkling water",
            "smoothies",
            "hot chocolate");
    private static final Set<String> MUSIC = Set.of(
            "jazz",
            "rock",
            "pop",
            "hip hop",
            "hip-hop",
            "rap",
            "classical music",
            "classical",
            "country music",
            "country",
            "metal",
            "heavy metal",
            "techno",
            "house music",
            "edm",
            "blues",
            "reggae",
            "punk",
            "folk music",
            "opera",
            "k-pop",
            "r&b",
            "soul",
            "indie music",
            "music",
            "the beatles",
            "taylor swift",
            "beyonce",
            "mozart",
            "bach",
            "radiohead");
    private static final Set<String> SPORT = Set.of(
            "football",
            "soccer",
            "basketball",
            "tennis",
            "golf",
            "baseball",
            "hockey",
            "cricket",
            "rugby",
            "volleyball",
            "swimming",
            "running",
            "cycling",
            "hiking",
            "skiing",
            "snowboarding",
            "yoga",
            "climbing",
            "surfing",
            "boxing",
            "badminton",
            "table tennis",
            "chess",
            "sports");
    private static final Set<String> PROPER_ATTRIBUTES =
            Set.of("identity.name", "location.home", "location.origin", "work.employer");

    @Override
    public String name() {
        return "patterns";
    }

    @Override
    public List<FactCandidate> extract(String text) {
        List<FactCandidate> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String raw : SENTENCES.split(text.strip())) {
            String sentence = raw.strip();
            if (sentence.isEmpty()
                    || sentence.endsWith("?")
                    || SKIP_SENTENCE.matcher(sentence).find()) {
                continue;
            }
            extractSentence(sentence, out);
        }
        return dedupe(out);
    }

    private void extractSentence(String s, List<FactCandidate> out) {
        Matcher m;
        if ((m = NAME.matcher(s)).find()) {
            single(out, "identity.name", m.group(1), Polarity.POSITIVE, 0.9, m.group());
        }
        boolean negatedLive = false;
        if ((m = LIVE.matcher(s)).find()) {
            negatedLive = m.group(1) != null || s.toLowerCase(Locale.ROOT).contains("anymore");
            single(
                    out,
                    "location.home",
                    m.group(2),
                    negatedLive ? Polarity.NEGATIVE : Polarity.POSITIVE,
                    0.85,
                    m.group());
        }
        if ((m = MOVED.matcher(s)).find()) {
            single(out, "location.home", m.group(1), Polarity.POSITIVE, 0.85, m.group());
        }
        if ((m = FROM.matcher(s)).find()) {
            single(out, "location.origin", m.group(2), polarity(m.group(1)), 0.8, m.group());
        }
        if ((m = WORK_AS.matcher(s)).find()) {
            single(out, "work.occupation", m.group(2), polarity(m.group(1)), 0.85, m.group());
        } else if ((m = JOB.matcher(s)).find()) {
            single(out, "work.occupation", m.group(1), Polarity.POSITIVE, 0.85, m.group());
        }
        if ((m = WORK_AT.matcher(s)).find()) {
            boolean negated = m.group(1) != null || s.toLowerCase(Locale.ROOT).contains("anymore");
            single(out, "work.employer", m.group(2), negated ? Polarity.NEGATIVE : Polarity.POSITIVE, 0.85, m.group());
        }
        if ((m = DIET.matcher(s)).find()) {
            String diet = m.group(2).toLowerCase(Locale.ROOT).replace('-', ' ').replace("pescetarian", "pescatarian");
            boolean negated = m.group(1) != null || s.toLowerCase(Locale.ROOT).contains("anymore");
            out.add(new FactCandidate(
                    "food.diet", diet, negated ? Polarity.NEGATIVE : Polarity.POSITIVE, 0.9, m.group()));
        }
        if ((m = ALLERGIC.matcher(s)).find()) {
            list(out, "health.allergy", m.group(2), polarity(m.group(1)), 0.9, m.group());
        } else if ((m = ALLERGY.matcher(s)).find()) {
            list(out, "health.allergy", m.group(1), Polarity.POSITIVE, 0.85, m.group());
        }
        if ((m = FAVOURITE.matcher(s)).find()) {
            String category = m.group(1).strip().toLowerCase(Locale.ROOT).replace("color", "colour");
            single(out, "favourite." + category.replace(' ', '_'), m.group(2), Polarity.POSITIVE, 0.85, m.group());
        }
        boolean preference = false;
        if ((m = PREFER_OVER.matcher(s)).find()) {
            preference(out, m.group(1), Polarity.POSITIVE, 0.8, m.group());
            preference(out, m.group(2), Polarity.NEGATIVE, 0.6, m.group());
            preference = true;
        }
        if (!preference && (m = NEGATIVE_LIKE.matcher(s)).find()) {
            preference(out, m.group(1), Polarity.NEGATIVE, 0.75, m.group());
            preference = true;
        }
        if (!preference && (m = NOT_A_FAN.matcher(s)).find()) {
            preference(out, m.group(1), Polarity.NEGATIVE, 0.7, m.group());
            preference = true;
        }
        if (!preference && (m = HATE.matcher(s)).find()) {
            double c = m.group(1).toLowerCase(Locale.ROOT).startsWith("dislike")
                            || m.group(1).equalsIgnoreCase("avoid")
                    ? 0.75
                    : 0.85;
            preference(out, m.group(2), Polarity.NEGATIVE, c, m.group());
            preference = true;
        }
        if (!preference && (m = LIKE.matcher(s)).find()) {
            String verb = m.group(1).toLowerCase(Locale.ROOT);
            double c = verb.contains("love") || verb.contains("adore") || verb.contains("big") || verb.contains("huge")
                    ? 0.85
                    : 0.75;
            String object = m.group(2).strip();
            if (object.toLowerCase(Locale.ROOT).startsWith("to ")) {
                String activity = clean(object.substring(3), false);
                if (!activity.isEmpty()) {
                    out.add(new FactCandidate("activity.preference", activity, Polarity.POSITIVE, c, m.group()));
                }
            } else if (!object.toLowerCase(Locale.ROOT).startsWith("it")
                    && !object.matches("(?i)^(you|that|this|them|him|her)\\b.*")) {
                preference(out, object, Polarity.POSITIVE, c, m.group());
            }
        }
    }

    private static Polarity polarity(String negation) {
        return negation == null ? Polarity.POSITIVE : Polarity.NEGATIVE;
    }

    private void single(List<FactCandidate> out, String attribute, String raw, Polarity p, double c, String evidence) {
        String value = clean(raw, PROPER_ATTRIBUTES.contains(attribute));
        if (!value.isEmpty() && value.split("\\s+").length <= 6) {
            out.add(new FactCandidate(attribute, value, p, c, evidence));
        }
    }

    private void list(List<FactCandidate> out, String attribute, String raw, Polarity p, double c, String evidence) {
        for (String item : LIST_SPLIT.split(cut(raw))) {
            String value = clean(item, false);
            if (!value.isEmpty() && value.split("\\s+").length <= 5) {
                out.add(new FactCandidate(attribute, value, p, c, evidence));
            }
        }
    }

    private void preference(List<FactCandidate> out, String raw, Polarity p, double c, String evidence) {
        for (String item : LIST_SPLIT.split(cut(raw))) {
            String value = clean(item, false);
            if (value.isEmpty() || value.split("\\s+").length > 5) {
                continue;
            }
            out.add(new FactCandidate(category(value) + ".preference", value, p, c, evidence));
        }
    }

    static String category(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        String last = v.contains(" ") ? v.substring(v.lastIndexOf(' ') + 1) : v;
        if (FOOD.contains(v) || FOOD.contains(last) || v.endsWith(" food") || v.endsWith(" cuisine")) {
            return "food";
        }
        if (DRINK.contains(v) || DRINK.contains(last)) {
            return "drink";
        }
        if (MUSIC.contains(v) || MUSIC.contains(last) || v.endsWith(" music")) {
            return "music";
        }
        if (SPORT.contains(v) || SPORT.contains(last)) {
            return "sport";
        }
        return "general";
    }

    private static String cut(String raw) {
        return CLAUSE_END.matcher(raw).replaceFirst("");
    }

    /** Cuts the value at the clause end, drops leading articles and trailing punctuation; lower case unless proper. */
    static String clean(String raw, boolean proper) {
        String v = cut(raw).strip();
        v = LEADING.matcher(v).replaceFirst("");
        v = v.replaceAll("[\\s,.'\"]+$", "").replaceAll("^[\\s,'\"]+", "");
        if (v.matches("(?i)(it|that|this|them|you|much|so|too|more|less)")) {
            return "";
        }
        return proper ? v : v.toLowerCase(Locale.ROOT);
    }

    private static List<FactCandidate> dedupe(List<FactCandidate> in) {
        List<FactCandidate> out = new ArrayList<>();
        for (FactCandidate c : in) {
            boolean seen = out.stream()
                    .anyMatch(o -> o.attribute().equals(c.attribute())
                            && AttributeCatalog.normalizeValue(o.value())
                                    .equals(AttributeCatalog.normalizeValue(c.value()))
                            && o.polarity() == c.polarity());
            if (!seen) {
                out.add(c);
            }
        }
        return out;
    }
}
