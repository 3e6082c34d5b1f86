package io.mnemos.retrieval.collection;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One document sent as text (JSON request, NDJSON line, Kafka event).
 *
 * @param id       the client's id, kept as is ({@code [A-Za-z0-9._:@+=~-]{1,200}}); posting it again replaces the
 *                 document
 * @param title    optional title (indexed for BM25, carried into every chunk's embedding)
 * @param text     body text; paragraphs separated by blank lines
 * @param metadata optional string metadata for exact-match search filters
 */
@Schema(description = "A document to index")
public record DocumentInput(
        @Schema(description = "Client document id; re-posting it replaces the document", example = "tea-1") @Nullable
                String id,
        @Schema(description = "Optional title", example = "Green tea") @Nullable String title,
        @Schema(description = "Body text", example = "Green tea is made from unoxidized leaves.") @Nullable String text,
        @Schema(description = "String metadata for filters", example = "{\"lang\": \"en\"}") @Nullable
                Map<String, String> metadata) {}
