package io.mnemos.gateway.admin;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.gateway.auth.AuthProperties;
import io.mnemos.gateway.auth.AuthenticationFilter;
import io.mnemos.gateway.system.KafkaLag;
import io.mnemos.gateway.system.KafkaUnavailableException;
import io.mnemos.gateway.system.LagReport;
import io.mnemos.gateway.system.RecentError;
import io.mnemos.gateway.system.RecentErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The console's system view: Kafka consumer lag and this gateway instance's recent failed responses. Admin scope
 * only (authentication filter). Recent errors are confined like the rest of the admin API: admins of the platform
 * tenant see every entry, other tenants' admins only their own tenant's.
 */
@RestController
@RequestMapping("/v1/admin/system")
@Tag(name = "system", description = "Kafka consumer lag and recent errors (scope: admin)")
class SystemController {
    static final int MAX_LIMIT = 1000;

    private final KafkaLag lag;
    private final RecentErrors errors;
    private final AuthProperties auth;

    SystemController(KafkaLag lag, RecentErrors errors, AuthProperties auth) {
        this.lag = lag;
        this.errors = errors;
        this.auth = auth;
    }

    /** The recent failed responses visible to the caller, newest first. */
    record RecentErrorList(int capacity, List<RecentError> errors) {}

    @GetMapping("/kafka-lag")
    @Operation(
            summary = "Kafka lag per consumer group",
            description = "For each consumer group of the platform's Kafka cluster: state, members, and per"
                    + " partition the committed offset, end offset and lag, with the group's total. Reused for"
                    + " mnemos.gateway.system.lag-cache-ttl (2 s by default); 503 if Kafka does not answer within"
                    + " mnemos.gateway.system.kafka-timeout (3 s). Consumer groups are platform-wide, not per tenant.")
    @ApiResponse(responseCode = "200", description = "The report")
    @ApiResponse(
            responseCode = "503",
            description = "kafka-unavailable: Kafka did not answer in time",
            content =
                    @Content(
                            mediaType = "application/problem+json",
                            schema = @Schema(ref = "#/components/schemas/Problem")))
    Mono<LagReport> kafkaLag() {
        return Mono.fromCallable(lag::report)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(
                        KafkaUnavailableException.class,
                        e -> new AdminProblem(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "kafka-unavailable",
                                "Kafka unavailable",
                                e.getMessage()));
    }

    @GetMapping("/errors")
    @Operation(
            summary = "Recent errors of this gateway instance",
            description = "Responses with status 500 or above, newest first: proxied from a service, or the"
                    + " gateway's own (504 timeout, 502/503 service unreachable), with time, request id, tenant,"
                    + " route, method, path (never the query string), status, and the problem's title and detail"
                    + " when the body was small problem+json. Kept in memory per gateway instance (the last"
                    + " mnemos.gateway.system.recent-errors, 200 by default); behind a load balancer each instance"
                    + " answers for itself. Admins of the platform tenant see every entry, other admins their own"
                    + " tenant's.")
    RecentErrorList recentErrors(
            @Parameter(description = "Most entries to return (1–1000)") @RequestParam(defaultValue = "200") int limit,
            @Parameter(hidden = true) @RequestAttribute(AuthenticationFilter.IDENTITY_ATTRIBUTE) Identity caller) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AdminProblem.invalid("limit must be between 1 and " + MAX_LIMIT + " (was " + limit + ").");
        }
        boolean platformAdmin = caller.tenant().equals(auth.adminTenant());
        return new RecentErrorList(
                errors.capacity(),
                errors.newest(e -> platformAdmin || Objects.equals(e.tenant(), caller.tenant()), limit));
    }
}
