package io.mnemos.memory.conversation.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LoCoMo dev conversations ({@code ../shared/data/locomo/locomo-dev.json}: samples 0–4 of locomo10.json, CC BY-NC
 * 4.0): sessions of dialog turns with ids like {@code D1:3}, questions with gold evidence turn ids and a category, and
 * per-session "observation" facts that name the turn they come from.
 */
public final class Locomo {

    /** Question categories of LoCoMo. */
    public static final Map<Integer, String> CATEGORIES =
            Map.of(1, "multi-hop", 2, "temporal", 3, "open-domain", 4, "single-hop", 5, "adversarial");

    public record Turn(String id, String speaker, String text) {}

    public record Session(String id, Instant startedAt, List<Turn> turns) {}

    public record Question(String question, int category, List<String> evidence) {}

    /** An observation fact and the turn(s) it was derived from. */
    public record Fact(String session, String speaker, String text, List<String> evidence) {}

    public record Conversation(
            String sampleId, List<Session> sessions, List<Question> questions, List<Fact> facts, int droppedEvidence) {
        public List<Turn> turns() {
            return sessions.stream().flatMap(s -> s.turns().stream()).toList();
        }
    }

    private static final Pattern DIA_ID = Pattern.compile("D\\d+:\\d+");
    private static final DateTimeFormatter DATE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("h:mm a 'on' d MMMM, yyyy")
            .toFormatter(Locale.ENGLISH);

    private Locomo() {}

    /** The shared data folder ({@code ../shared/data} from the module or the repository root), if present. */
    public static Optional<Path> file() {
        for (String p : List.of("../../shared/data/locomo/locomo-dev.json", "../shared/data/locomo/locomo-dev.json")) {
            Path f = Path.of(p).toAbsolutePath().normalize();
            if (Files.isReadable(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public static List<Conversation> load(Path file) throws IOException {
        JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
        List<Conversation> out = new ArrayList<>();
        for (JsonNode sample : root) {
            JsonNode c = sample.get("conversation");
            List<Session> sessions = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int n = 1; c.has("session_" + n); n++) {
                Instant at = LocalDateTime.parse(
                                c.get("session_" + n + "_date_time").asString().strip(), DATE)
                        .toInstant(ZoneOffset.UTC);
                List<Turn> turns = new ArrayList<>();
                for (JsonNode t : c.get("session_" + n)) {
                    String text = t.get("text").asString();
                    if (t.has("blip_caption") && !t.get("blip_caption").isNull()) {
                        text = text + " [shares a photo: "
                                + t.get("blip_caption").asString() + "]";
                    }
                    String id = t.get("dia_id").asString().strip();
                    if (ids.add(id)) {
                        turns.add(new Turn(id, t.get("speaker").asString(), text));
                    }
                }
                sessions.add(new Session("session_" + n, at, turns));
            }
            int dropped = 0;
            List<Question> questions = new ArrayList<>();
            for (JsonNode q : sample.get("qa")) {
                Set<String> ev = new LinkedHashSet<>();
                for (JsonNode e : q.get("evidence")) {
                    Matcher m = DIA_ID.matcher(e.asString());
                    while (m.find()) {
                        if (ids.contains(m.group())) {
                            ev.add(m.group());
                        } else {
                            dropped++;
                        }
                    }
                }
                if (!ev.isEmpty()) {
                    questions.add(new Question(
                            q.get("question").asString(), q.get("category").asInt(), List.copyOf(ev)));
                }
            }
            List<Fact> facts = new ArrayList<>();
            JsonNode obs = sample.get("observation");
            for (var sessionObs : obs.properties()) {
                String session = sessionObs.getKey().replace("_observation", "");
                for (var speaker : sessionObs.getValue().properties()) {
                    for (JsonNode f : speaker.getValue()) {
                        List<String> ev = new ArrayList<>();
                        JsonNode evNode = f.get(1);
                        String evText = evNode.isArray() ? evNode.toString() : evNode.asString();
                        Matcher m = DIA_ID.matcher(evText);
                        while (m.find()) {
                            if (ids.contains(m.group())) {
                                ev.add(m.group());
                            }
                        }
                        if (!ev.isEmpty()) {
                            facts.add(
                                    new Fact(session, speaker.getKey(), f.get(0).asString(), List.copyOf(ev)));
                        }
                    }
                }
            }
            out.add(new Conversation(sample.get("sample_id").asString(), sessions, questions, facts, dropped));
        }
        return out;
    }
}
