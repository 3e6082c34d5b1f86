package io.mnemos.orchestrator.pipeline;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one specialist call did, for the answer and the trace.
 *
 * @param name       the specialist, e.g. {@code memory.search} or {@code documents.search:handbook}
 * @param status     {@code ok}, {@code empty}, {@code error}, {@code timeout} or {@code skipped}
 * @param durationMs wall time of the call
 * @param evidence   what it found
 * @param detail     raw details worth tracing (grounding counts and thresholds, a matched template), if any
 * @param error      why it failed, if it did
 */
public record SpecialistCall(
        String name,
        String status,
        long durationMs,
        List<Evidence> evidence,
        @Nullable Object detail,
        @Nullable String error) {

    static SpecialistCall ok(String name, long ms, List<Evidence> evidence, @Nullable Object detail) {
        return new SpecialistCall(name, evidence.isEmpty() ? "empty" : "ok", ms, List.copyOf(evidence), detail, null);
    }

    static SpecialistCall failed(String name, String status, long ms, String error) {
        return new SpecialistCall(name, status, ms, List.of(), null, error);
    }
}
