package io.mnemos.memory.conversation.bench;

import com.sun.management.OperatingSystemMXBean;
import io.mnemos.memory.conversation.ConversationIndex;
import io.mnemos.memory.conversation.ConversationIndexer;
import io.mnemos.memory.conversation.ConversationStore.IndexRow;
import io.mnemos.memory.conversation.TurnDocument;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * CPU per stored turn of a live conversation's index work, the way memory-service does it for every turn of the
 * {@code conversation.turns} stream (the new turn plus its two predecessors re-indexed with the new context), with
 * the conversation index's production settings: refreshed after every turn (as before session 5: every write was
 * visible to the next search at once) against live turns refreshed in the background once a second. Vectors are
 * random unit vectors (embedding is not what is compared); texts are chat-sized sentences from {@link ConversationSpeedBenchmark}'s vocabulary.
 * Both variants run in this JVM, alternating, each on a fresh index after a JIT warm-up of both.
 *
 * <p>{@code ./mvnw -q -o -pl memory-service test-compile exec:exec
 * -Dbench.main=io.mnemos.memory.conversation.bench.LiveIndexingBenchmark -Dbench.args="3000 3"} (turns per round,
 * rounds).
 */
public final class LiveIndexingBenchmark {

    private LiveIndexingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int turns = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.println("warm-up (JIT): one round of each, not reported");
        run(os, turns, true);
        run(os, turns, false);
        System.out.println("| round | variant | turns | CPU ms per turn (process) | wall ms per turn |");
        System.out.println("|---:|---|---:|---:|---:|");
        for (int r = 1; r <= rounds; r++) {
            for (boolean perTurn : r % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                double[] m = run(os, turns, perTurn);
                System.out.printf(
                        Locale.ROOT,
                        "| %d | %s | %d | %.3f | %.3f |%n",
                        r,
                        perTurn ? "refresh after every turn (before)" : "live: background refresh each 1 s",
                        turns,
                        m[0],
                        m[1]);
            }
        }
    }

    /** Returns CPU ms per turn and wall ms per turn. */
    private static double[] run(OperatingSystemMXBean os, int turns, boolean refreshPerTurn) throws Exception {
        Path dir = Files.createTempDirectory("live-indexing");
        ConversationIndex.Settings d = ConversationIndex.Settings.defaults();
        ConversationIndex index = new ConversationIndex(
                dir,
                new ConversationIndex.Settings(
                        384,
                        d.bm25K1(),
                        d.bm25B(),
                        d.contextWeight(),
                        d.tieBreaker(),
                        d.candidateDepth(),
                        d.fusion(),
                        d.commitInterval(),
                        refreshPerTurn ? Duration.ZERO : Duration.ofSeconds(1)));
        Random rnd = new Random(42);
        List<IndexRow> session = new ArrayList<>();
        UUID sessionId = UUID.randomUUID();
        Instant t0 = Instant.parse("2026-05-01T10:00:00Z");
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (int i = 0; i < turns; i++) {
            if (session.size() == 20) { // a new session every 20 turns
                session.clear();
                sessionId = UUID.randomUUID();
            }
            session.add(new IndexRow(
                    UUID.randomUUID(),
                    null,
                    sessionId,
                    sessionId.toString(),
                    "user-" + (i / 200),
                    session.size() + 1,
                    session.size() % 2 == 0 ? "user" : "agent",
                    sentence(rnd),
                    t0.plusSeconds(i)));
            // as ConversationIndexer.indexLiveTurn: the window up to the new turn, the last three re-indexed
            List<IndexRow> window = session.subList(Math.max(0, session.size() - 5), session.size());
            List<float[]> vectors = new ArrayList<>();
            for (int k = 0; k < window.size(); k++) {
                vectors.add(ConversationSpeedBenchmark.randomUnit(rnd, null, 1));
            }
            List<TurnDocument> docs = ConversationIndexer.documents(window, vectors, 2);
            index.indexLive("bench", docs.subList(Math.max(0, docs.size() - 3), docs.size()));
            if (refreshPerTurn) {
                index.count("bench"); // a search after every write: the refresh every stored turn used to pay
            }
        }
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / turns;
        double wallMs = (System.nanoTime() - wall0) / 1e6 / turns;
        index.close();
        deleteTree(dir);
        return new double[] {cpuMs, wallMs};
    }

    private static String sentence(Random rnd) {
        StringBuilder sb = new StringBuilder();
        int n = 6 + rnd.nextInt(18);
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ")
                    .append(ConversationSpeedBenchmark.WORDS[rnd.nextInt(ConversationSpeedBenchmark.WORDS.length)]);
        }
        return sb.toString();
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
