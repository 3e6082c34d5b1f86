package io.mnemos.memory.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read access to conversation memory. */
@RestController
@Validated
@Tag(name = "Conversation memory")
class ConversationController {
    private final ConversationStore store;

    ConversationController(ConversationStore store) {
        this.store = store;
    }

    /**
     * What conversation memory holds for a session, one page.
     *
     * @param nextAfterSequence pass as {@code afterSequence} for the next page; absent after the last page
     */
    public record TurnList(
            UUID sessionId,
            List<StoredTurn> turns,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long nextAfterSequence) {}

    @GetMapping("/v1/sessions/{sessionId}/turns")
    @RequiresScope("memory:read")
    @Operation(
            summary = "List the turns memory-service stored for a session",
            description = "Turns appear here once memory-service has consumed them from Kafka (usually within"
                    + " milliseconds of the orchestrator accepting them). An agent's answer shares its user turn's"
                    + " sequence number; a page never splits a sequence number (so it may hold one turn more than"
                    + " limit), and nextAfterSequence, present while more turns follow, continues the listing.")
    TurnList turns(
            @PathVariable UUID sessionId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) long afterSequence) {
        String tenant = TenantContext.current().tenant();
        return store.turns(tenant, sessionId, limit, afterSequence)
                .map(page -> new TurnList(sessionId, page.turns(), page.nextAfterSequence()))
                .orElseThrow(() -> new NotFoundProblem(
                        "session-not-found",
                        "Session not found",
                        "No session " + sessionId + " in conversation memory. Create it with POST /v1/sessions;"
                                + " a new session becomes visible here once its first event is consumed."));
    }
}
