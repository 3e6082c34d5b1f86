package io.mnemos.memory.conversation;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Conversation memory settings ({@code mnemos.memory.conversation.*}); every key has a default.
 *
 * @param indexDir folder of the derived turn index (default {@code <mnemos.data-dir>/conversation-index})
 * @param rebuildOnStartup check the index against PostgreSQL at start-up and rebuild tenants that are missing or
 *     stale, in the background (default true)
 * @param contextTurns neighbouring turns on each side added to a turn's BM25 context field (default 2; chosen on
 *     LoCoMo, see docs/benchmarks/memory.md)
 * @param contextWeight weight of the context field against the turn's own text in BM25 (default 1.0; 0 = off)
 * @param fusion hybrid fusion: {@code convex} (default) or {@code rrf}
 * @param alpha weight of the dense score in convex fusion (default 0.3: on LoCoMo BM25 is much stronger than the
 *     int8 MiniLM, see docs/benchmarks/memory.md)
 * @param candidateDepth candidates per list before fusion (default 100)
 * @param commitInterval how often index writes are fsync-committed (default 5 s; searches see writes at once)
 * @param liveRefresh how soon turns of live conversations (the {@code conversation.turns} stream) become searchable
 *     (default 1 s; imported turns are searchable when the import returns); 0 = by the next search
 * @param maxSessionsPerImport most sessions in one import request (default 1,000)
 * @param maxTurnsPerImport most turns in one import request (default 20,000)
 * @param maxTurnChars longest turn text accepted by an import (default 20,000 characters)
 */
@ConfigurationProperties("mnemos.memory.conversation")
public record ConversationProperties(
        Path indexDir,
        Boolean rebuildOnStartup,
        Integer contextTurns,
        Float contextWeight,
        String fusion,
        Double alpha,
        Integer candidateDepth,
        Duration commitInterval,
        Duration liveRefresh,
        Integer maxSessionsPerImport,
        Integer maxTurnsPerImport,
        Integer maxTurnChars) {

    public ConversationProperties {
        rebuildOnStartup = rebuildOnStartup == null || rebuildOnStartup;
        contextTurns = contextTurns == null ? 2 : contextTurns;
        contextWeight = contextWeight == null ? 1.0f : contextWeight;
        fusion = fusion == null ? "convex" : fusion;
        alpha = alpha == null ? 0.3 : alpha;
        candidateDepth = candidateDepth == null ? 100 : candidateDepth;
        commitInterval = commitInterval == null ? Duration.ofSeconds(5) : commitInterval;
        liveRefresh = liveRefresh == null ? Duration.ofSeconds(1) : liveRefresh;
        maxSessionsPerImport = maxSessionsPerImport == null ? 1_000 : maxSessionsPerImport;
        maxTurnsPerImport = maxTurnsPerImport == null ? 20_000 : maxTurnsPerImport;
        maxTurnChars = maxTurnChars == null ? 20_000 : maxTurnChars;
        if (contextTurns < 0 || contextTurns > 5) {
            throw new IllegalArgumentException("mnemos.memory.conversation.context-turns must be in [0, 5]");
        }
        if (!fusion.equals("convex") && !fusion.equals("rrf")) {
            throw new IllegalArgumentException("mnemos.memory.conversation.fusion must be convex or rrf");
        }
        if (maxSessionsPerImport < 1 || maxTurnsPerImport < 1 || maxTurnChars < 1 || candidateDepth < 1) {
            throw new IllegalArgumentException("mnemos.memory.conversation limits must be positive");
        }
    }

    /** All defaults. */
    public static ConversationProperties defaults() {
        return new ConversationProperties(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The index settings these properties describe. */
    public ConversationIndex.Settings indexSettings(int dimension) {
        ConversationIndex.Settings d = ConversationIndex.Settings.defaults();
        return new ConversationIndex.Settings(
                dimension,
                d.bm25K1(),
                d.bm25B(),
                contextWeight,
                d.tieBreaker(),
                candidateDepth,
                fusion.equals("rrf") ? io.mnemos.search.Fusion.rrf() : io.mnemos.search.Fusion.convex(alpha),
                commitInterval,
                liveRefresh);
    }
}
