package io.mnemos.retrieval.collection;

import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.model.QueryVectors;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads the embedding model and embeds one text in the background once the service is ready, so the first search or
 * ingestion does not pay for it; start-up is not blocked (health is up meanwhile) and a failure only logs a warning
 * (the model then loads on first use, as before).
 */
@Component
class EmbedderWarmUp {
    private final MiniLmEmbedder embedder;

    EmbedderWarmUp(MiniLmEmbedder embedder) {
        this.embedder = embedder;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        QueryVectors.warmUpInBackground("retrieval embedder", embedder);
    }
}
