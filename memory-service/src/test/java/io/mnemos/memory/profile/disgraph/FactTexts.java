package io.mnemos.memory.profile.disgraph;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Deterministic synthetic profile-fact texts ("food preference: spicy Thai curry") and fact-like queries. */
final class FactTexts {

    private static final String[] ATTRIBUTES = {
        "food preference",
        "drink preference",
        "music preference",
        "sport preference",
        "travel destination",
        "travel seat",
        "hotel preference",
        "hobby",
        "favourite book",
        "favourite film",
        "favourite colour",
        "health allergy",
        "diet",
        "pet",
        "contact alias",
        "work project",
        "work tool",
        "shopping brand",
        "clothing size",
        "home appliance",
        "car",
        "language",
        "podcast",
        "news topic",
        "game",
        "restaurant",
        "coffee order",
        "breakfast",
        "weekend activity",
        "learning goal",
        "fitness goal",
        "gift idea",
        "streaming service",
        "art style",
        "cuisine",
        "holiday plan",
        "commute mode",
        "reading habit",
        "sleep schedule",
        "meeting preference"
    };
    private static final String[] MODIFIERS = {
        "spicy",
        "vegan",
        "classic",
        "modern",
        "quiet",
        "fast",
        "cheap",
        "luxury",
        "organic",
        "vintage",
        "local",
        "japanese",
        "italian",
        "mexican",
        "french",
        "korean",
        "indian",
        "nordic",
        "greek",
        "thai",
        "outdoor",
        "indoor",
        "early",
        "late",
        "weekly",
        "daily",
        "small",
        "large",
        "red",
        "blue"
    };
    private static final String[] NOUNS = {
        "curry",
        "ramen",
        "pizza",
        "sushi",
        "tacos",
        "salad",
        "coffee",
        "tea",
        "jazz",
        "rock",
        "opera",
        "tennis",
        "football",
        "hiking",
        "beach",
        "mountains",
        "window seat",
        "aisle seat",
        "boutique hotel",
        "novel",
        "documentary",
        "thriller",
        "cat",
        "dog",
        "bicycle",
        "running shoes",
        "laptop",
        "camera",
        "guitar",
        "piano",
        "chess",
        "yoga",
        "podcast",
        "museum",
        "garden",
        "train",
        "electric car",
        "sneakers",
        "jacket",
        "cookbook",
        "board game",
        "violin",
        "paint set",
        "tent",
        "kayak",
        "scooter",
        "headphones",
        "notebook",
        "watch",
        "lamp"
    };
    private static final String[] CONTEXTS = {
        "",
        "on weekends",
        "in winter",
        "in summer",
        "with friends",
        "for work",
        "at home",
        "when travelling",
        "in the morning",
        "in the evening"
    };

    private FactTexts() {}

    /** {@code n} distinct fact texts. */
    static List<String> facts(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < n) {
            out.add(text(r));
        }
        return new ArrayList<>(out);
    }

    /** Fact-like queries: half statements, half questions. */
    static List<String> queries(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed ^ 0xABCDEFL);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String m = MODIFIERS[r.nextInt(MODIFIERS.length)];
            String noun = NOUNS[r.nextInt(NOUNS.length)];
            String a = ATTRIBUTES[r.nextInt(ATTRIBUTES.length)];
            out.add(i % 2 == 0 ? "what " + a + " does the user have, maybe " + m + " " + noun + "?" : text(r));
        }
        return out;
    }

    private static String text(SplittableRandom r) {
        String a = ATTRIBUTES[r.nextInt(ATTRIBUTES.length)];
        String m = MODIFIERS[r.nextInt(MODIFIERS.length)];
        String noun = NOUNS[r.nextInt(NOUNS.length)];
        String c = CONTEXTS[r.nextInt(CONTEXTS.length)];
        return a + ": " + m + " " + noun + (c.isEmpty() ? "" : " " + c);
    }
}
