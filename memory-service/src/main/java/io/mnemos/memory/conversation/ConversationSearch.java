package io.mnemos.memory.conversation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.mnemos.model.Embedder;
import java.util.List;
import java.util.Objects;

/** Searches a user's conversation turns: embeds the query when the mode needs it, then asks the index. */
public final class ConversationSearch {

    private final ConversationIndex index;
    private final Embedder embedder;
    private final MeterRegistry meters;

    public ConversationSearch(ConversationIndex index, Embedder embedder, MeterRegistry meters) {
        this.index = Objects.requireNonNull(index);
        this.embedder = Objects.requireNonNull(embedder);
        this.meters = meters == null ? Metrics.globalRegistry : meters;
    }

    /** The fusion hybrid searches use. */
    public io.mnemos.search.Fusion fusion() {
        return index.settings().fusion();
    }

    /** The best {@code query.k()} turns of the user in the tenant, best first. */
    public List<TurnHit> search(String tenant, TurnQuery query) {
        long t0 = System.nanoTime();
        float[] vector =
                query.mode() == SearchMode.BM25 || query.text().isBlank() ? null : embedder.embed(query.text());
        List<TurnHit> hits = index.search(tenant, query, vector);
        Timer.builder("mnemos.memory.conversation.search")
                .description("Conversation search latency, query embedding included")
                .tag("mode", query.mode().id())
                .publishPercentiles(0.5, 0.99)
                .register(meters)
                .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
        return hits;
    }
}
