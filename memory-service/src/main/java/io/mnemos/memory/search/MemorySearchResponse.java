package io.mnemos.memory.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Answer of a memory search.
 *
 * @param hits best first
 * @param timeFilter the time range applied to turns, if any, and where it came from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemorySearchResponse(List<Hit> hits, TimeFilter timeFilter) {

    /**
     * One hit.
     *
     * @param type {@code turn}, {@code profile} or {@code experience}
     * @param id the item's id (turn UUID, fact UUID, template UUID)
     * @param turnId for turns: the client's turn id if imported, else the turn UUID; for profile facts: the turn the
     *     fact came from, if known
     * @param sessionId for turns: the client's session id if imported, else the session UUID
     * @param speaker for turns: who spoke
     * @param text the turn text, the fact ("food preference: sushi"), or the template pattern
     * @param score comparable across types, in [0, 1] (see the README: how scores are made comparable)
     * @param timestamp for turns: when spoken; for facts: when first observed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hit(
            String type,
            String id,
            String turnId,
            String sessionId,
            String speaker,
            String text,
            double score,
            Instant timestamp) {}

    /**
     * The time range applied to turns.
     *
     * @param from inclusive start (null = open)
     * @param to exclusive end (null = open)
     * @param source {@code request} (from/to fields) or {@code query} (a time expression)
     * @param expression the recognised expression, for {@code query}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimeFilter(Instant from, Instant to, String source, String expression) {}
}
