package io.mnemos.memory.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.mnemos.web.validation.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Erasure of a user's memory, with receipts. */
@RestController
@Validated
@Tag(name = "Erasure")
class ErasureController {

    private final ErasureService erasure;
    private final MeterRegistry meters;

    ErasureController(ErasureService erasure, MeterRegistry meters) {
        this.erasure = erasure;
        this.meters = meters;
    }

    @DeleteMapping("/v1/users/{userId}/memory")
    @RequiresScope("memory:erase")
    @Operation(
            summary = "Erase everything memory-service holds about a user",
            description = "Conversation turns and sessions, profile facts and contradictions, the user's experience"
                    + " episodes (templates re-learned without them), action traces, scripts compiled from them and"
                    + " replays, plus every derived index and cache. One transaction; publishes the tombstone"
                    + " memory.user.erased. Answers the erasure receipt (counts per store); erasing a user with"
                    + " nothing stored answers a receipt with zero counts. The stored receipt keeps no personal data.")
    ErasureReceipt erase(@PathVariable @UserId String userId) {
        Identity caller = TenantContext.current();
        ErasureReceipt r = erasure.erase(caller.tenant(), userId, caller.principal());
        meters.counter("mnemos.memory.erasures").increment();
        return r;
    }

    @GetMapping("/v1/erasures/{erasureId}")
    @RequiresScope("memory:read")
    @Operation(
            summary = "A stored erasure receipt",
            description = "Without the user id (only its SHA-256 digest with the tenant).")
    ErasureReceipt receipt(@PathVariable UUID erasureId) {
        return erasure.receipt(TenantContext.tenant(), erasureId)
                .orElseThrow(() -> new NotFoundProblem(
                        "erasure-not-found", "Erasure receipt not found", "No erasure receipt " + erasureId + "."));
    }
}
