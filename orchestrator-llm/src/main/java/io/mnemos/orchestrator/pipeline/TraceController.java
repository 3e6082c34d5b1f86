package io.mnemos.orchestrator.pipeline;

import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/sessions/{id}/turns/{turnId}/trace}: how an answer was produced. */
@RestController
@Tag(name = "Sessions")
class TraceController {
    private final TraceStore traces;

    TraceController(TraceStore traces) {
        this.traces = traces;
    }

    @GetMapping("/v1/sessions/{sessionId}/turns/{turnId}/trace")
    @RequiresScope("memory:read")
    @Operation(
            summary = "The trace of a turn's answer",
            description = "The route and why, each specialist call (status, time, what it found, grounding counts and"
                    + " thresholds), how the answer was composed, and per-step timings.")
    JsonNode trace(@PathVariable UUID sessionId, @PathVariable UUID turnId) {
        return traces.find(TenantContext.current().tenant(), sessionId, turnId)
                .orElseThrow(() -> new NotFoundProblem(
                        "trace-not-found",
                        "Trace not found",
                        "No answered turn " + turnId + " in session " + sessionId
                                + " for this tenant (a turn gets its trace when it is answered)."));
    }
}
