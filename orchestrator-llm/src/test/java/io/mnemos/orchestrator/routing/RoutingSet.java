package io.mnemos.orchestrator.routing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The labelled routing set, assembled at run time: LoCoMo questions (memory turns), HotpotQA questions and SciFact
 * claims (document turns) read from {@code ../shared/data}, plus the hand-written task and chit-chat turns under
 * {@code src/test/resources/routing/}. Nothing from the datasets is copied into the repository.
 *
 * <p>Deterministic: within each source, texts are de-duplicated, ordered by the SHA-256 of the text, the first {@code
 * n} taken, and every third of them (positions 2, 5, 8, ...) is held out; the other two thirds are for building and
 * tuning.
 *
 * <p>Context: each turn comes with the names the user's memory would know, as the pipeline loads them before routing.
 * A LoCoMo question gets the two speakers of its own conversation; every other turn gets the speakers of one of the
 * LoCoMo conversations chosen by its hash, so that a document question that happens to name, say, a "John" is tested
 * against a memory that knows a John.
 *
 * @param turns every labelled turn
 */
public record RoutingSet(List<LabelledTurn> turns) {

    /** LoCoMo questions taken as memory turns. */
    static final int MEMORY_TURNS = 200;

    /** SciFact claims taken as document turns (all 100 HotpotQA questions are taken too). */
    static final int SCIFACT_TURNS = 100;

    /**
     * @param text the turn
     * @param route its correct route
     * @param source where it comes from: locomo, hotpotqa, scifact, hand-written
     * @param heldOut whether it belongs to the held-out third
     * @param knownNames the people the user's memory knows (see the class comment)
     */
    public record LabelledTurn(String text, Route route, String source, boolean heldOut, Set<String> knownNames) {
        LabelledTurn withKnownNames(Set<String> names) {
            return new LabelledTurn(text, route, source, heldOut, names);
        }

        /** The turn as the router sees it, with or without the memory context. */
        public TurnInput input(boolean withContext) {
            TurnInput input = TurnInput.text("bench", text);
            return withContext ? input.withKnownNames(knownNames) : input;
        }
    }

    /** The held-out third (for the report and the regression test). */
    public List<LabelledTurn> heldOut() {
        return turns.stream().filter(LabelledTurn::heldOut).toList();
    }

    /** The two thirds for building and tuning. */
    public List<LabelledTurn> tuning() {
        return turns.stream().filter(t -> !t.heldOut()).toList();
    }

    /**
     * Hand-written first-person memory questions ("what did I say about ..."), a supplementary probe outside the set:
     * the set's memory turns are LoCoMo's third-person questions. They carry no memory context.
     */
    public static List<LabelledTurn> firstPersonMemoryProbe() {
        return resourceLines("routing/memory-first-person-turns.txt").stream()
                .map(t -> new LabelledTurn(t, Route.MEMORY, "hand-written", true, Set.of()))
                .toList();
    }

    /** {@code shared/data} in this directory or an ancestor (or {@code -Dmnemos.data}), if present with every file. */
    public static Optional<Path> locate() {
        String prop = System.getProperty("mnemos.data", System.getenv("MNEMOS_DATA"));
        List<Path> candidates = new ArrayList<>();
        if (prop != null && !prop.isBlank()) {
            candidates.add(Path.of(prop));
        } else {
            for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                candidates.add(dir.resolve("shared").resolve("data"));
            }
        }
        return candidates.stream()
                .filter(p -> Files.isRegularFile(p.resolve("locomo/locomo-dev.json"))
                        && Files.isRegularFile(p.resolve("multihop/hotpotqa_train.json"))
                        && Files.isRegularFile(p.resolve("scifact/claims_train.csv.gz")))
                .findFirst();
    }

    /** Builds the set from the data folder found by {@link #locate()}. */
    public static RoutingSet load(Path data) {
        JsonMapper json = JsonMapper.builder().build();
        List<LabelledTurn> turns = new ArrayList<>();
        List<Set<String>> context;
        try {
            List<String> locomo = new ArrayList<>();
            List<Set<String>> speakers = new ArrayList<>();
            Map<String, Set<String>> namesOf = new HashMap<>();
            for (JsonNode sample :
                    json.readTree(data.resolve("locomo/locomo-dev.json").toFile())) {
                JsonNode conversation = sample.get("conversation");
                Set<String> names = Set.of(
                        conversation.get("speaker_a").asString(),
                        conversation.get("speaker_b").asString());
                speakers.add(names);
                for (JsonNode qa : sample.get("qa")) {
                    String question = normalise(qa.get("question").asString());
                    locomo.add(question);
                    namesOf.putIfAbsent(question, names);
                }
            }
            add(turns, locomo, MEMORY_TURNS, Route.MEMORY, "locomo");
            // LoCoMo turns know their own speakers; the rest the speakers of a conversation picked by hash.
            for (int i = 0; i < turns.size(); i++) {
                LabelledTurn t = turns.get(i);
                turns.set(i, t.withKnownNames(namesOf.get(t.text())));
            }
            context = speakers;

            List<String> hotpot = new ArrayList<>();
            for (JsonNode q :
                    json.readTree(data.resolve("multihop/hotpotqa_train.json").toFile())) {
                hotpot.add(q.get("question").asString());
            }
            add(turns, hotpot, Integer.MAX_VALUE, Route.DOCUMENTS, "hotpotqa");

            add(
                    turns,
                    sciFactClaims(data.resolve("scifact/claims_train.csv.gz")),
                    SCIFACT_TURNS,
                    Route.DOCUMENTS,
                    "scifact");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        add(turns, resourceLines("routing/task-turns.txt"), Integer.MAX_VALUE, Route.TASK, "hand-written");
        add(turns, resourceLines("routing/chitchat-turns.txt"), Integer.MAX_VALUE, Route.CHITCHAT, "hand-written");
        List<Set<String>> conversations = context;
        return new RoutingSet(turns.stream()
                .map(t -> t.knownNames().isEmpty()
                        ? t.withKnownNames(
                                conversations.get(Math.floorMod(sha256(t.text()).hashCode(), conversations.size())))
                        : t)
                .toList());
    }

    private static void add(List<LabelledTurn> out, List<String> texts, int n, Route route, String source) {
        Set<String> unique = new LinkedHashSet<>();
        texts.stream().map(RoutingSet::normalise).filter(t -> !t.isEmpty()).forEach(unique::add);
        List<String> ordered = unique.stream()
                .sorted(Comparator.comparing(RoutingSet::sha256))
                .limit(n)
                .toList();
        for (int i = 0; i < ordered.size(); i++) {
            out.add(new LabelledTurn(ordered.get(i), route, source, i % 3 == 2, Set.of()));
        }
    }

    private static String normalise(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    /** The {@code claim} column (the second) of SciFact's claims CSV, which quotes fields holding commas. */
    static List<String> sciFactClaims(Path csvGz) throws IOException {
        List<String> claims = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(csvGz)), StandardCharsets.UTF_8))) {
            List<String> header = csvFields(in.readLine());
            int column = header.indexOf("claim");
            String line;
            while ((line = in.readLine()) != null) {
                List<String> fields = csvFields(line);
                if (column < fields.size()) {
                    claims.add(fields.get(column));
                }
            }
        }
        return claims;
    }

    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    static List<String> resourceLines(String resource) {
        InputStream in = RoutingSet.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("test resource not found: " + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
