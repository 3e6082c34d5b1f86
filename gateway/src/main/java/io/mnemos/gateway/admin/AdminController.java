package io.mnemos.gateway.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.contracts.identity.Identity;
import io.mnemos.gateway.admin.AdminDtos.CreateKeyRequest;
import io.mnemos.gateway.admin.AdminDtos.CreateTenantRequest;
import io.mnemos.gateway.admin.AdminDtos.CreatedKey;
import io.mnemos.gateway.admin.AdminDtos.KeyList;
import io.mnemos.gateway.admin.AdminDtos.KeyView;
import io.mnemos.gateway.admin.AdminDtos.TenantList;
import io.mnemos.gateway.admin.AdminDtos.TenantView;
import io.mnemos.gateway.auth.ApiKeyRecord;
import io.mnemos.gateway.auth.ApiKeyStore;
import io.mnemos.gateway.auth.ApiKeys;
import io.mnemos.gateway.auth.AuthProperties;
import io.mnemos.gateway.auth.AuthenticationFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tenants and their API keys. Every caller here holds the {@code admin} scope (checked by the authentication filter).
 * An admin of the platform tenant ({@code mnemos.gateway.auth.admin-tenant}) manages every tenant; an admin key of
 * another tenant sees and manages only its own tenant, and gets the same 404 for other tenants as for tenants that do
 * not exist, so nothing leaks.
 */
@RestController
@RequestMapping("/v1/admin")
@Tag(name = "admin", description = "Tenants and API keys (scope: admin)")
class AdminController {
    private static final Logger log = LoggerFactory.getLogger(AdminController.class);

    private final ApiKeyStore store;
    private final AuthProperties auth;
    private final Clock clock;
    private final MeterRegistry meters;

    AdminController(ApiKeyStore store, AuthProperties auth, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
        this.meters = meters;
    }

    @PostMapping("/tenants")
    @Operation(
            summary = "Create a tenant",
            description = "Platform admins only. The id is derived from the name unless given; 409 if it exists.")
    Mono<ResponseEntity<TenantView>> createTenant(
            @Valid @RequestBody CreateTenantRequest body,
            @Parameter(hidden = true) @RequestAttribute(AuthenticationFilter.IDENTITY_ATTRIBUTE) Identity caller) {
        requirePlatformAdmin(caller);
        String id = body.tenantId() != null ? body.tenantId() : slug(body.name());
        return blocking(() -> {
            if (!store.ensureTenant(id, body.name().strip())) {
                throw new AdminProblem(
                        HttpStatus.CONFLICT,
                        "conflict",
                        "Tenant exists",
                        "A tenant '" + id + "' already exists; choose another tenantId.");
            }
            log.info("Tenant '{}' created by {}", id, caller.principal());
            meters.counter("mnemos.gateway.admin.tenants.created").increment();
            TenantView created = TenantView.of(store.findTenant(id).orElseThrow());
            return ResponseEntity.created(URI.create("/v1/admin/tenants/" + id)).body(created);
        });
    }

    @GetMapping("/tenants")
    @Operation(summary = "List tenants", description = "Platform admins see every tenant; tenant admins their own.")
    Mono<TenantList> tenants(
            @Parameter(hidden = true) @RequestAttribute(AuthenticationFilter.IDENTITY_ATTRIBUTE) Identity caller) {
        return blocking(() -> new TenantList(store.tenants().stream()
                .filter(t -> mayManage(caller, t.tenantId()))
                .map(TenantView::of)
                .toList()));
    }

    @PostMapping("/tenants/{tenant}/keys")
    @Operation(
            summary = "Create an API key",
            description = "Returns the key once; only its SHA-256 hash is stored. Send it as 'Authorization: Bearer"
                    + " <key>' or 'X-API-Key: <key>'.")
    Mono<ResponseEntity<CreatedKey>> createKey(
            @PathVariable String tenant,
            @Valid @RequestBody CreateKeyRequest body,
            @Parameter(hidden = true) @RequestAttribute(AuthenticationFilter.IDENTITY_ATTRIBUTE) Identity caller) {
        Set<String> scopes = new TreeSet<>(body.scopes());
        Set<String> unknown = new TreeSet<>(scopes);
        unknown.removeAll(auth.scopes());
        if (!unknown.isEmpty()) {
            throw AdminProblem.invalid("Unknown scopes " + unknown + "; known scopes are " + auth.scopes()
                    + " (mnemos.gateway.auth.scopes).");
        }
        Instant now = clock.instant();
        if (body.expiresAt() != null && !body.expiresAt().isAfter(now)) {
            throw AdminProblem.invalid("expiresAt must be in the future (now is " + now + ").");
        }
        return blocking(() -> {
            requireVisibleTenant(caller, tenant);
            String key = ApiKeys.generate();
            ApiKeyRecord rec = store.insert(tenant, key, scopes, blankToNull(body.name()), body.expiresAt());
            log.info(
                    "API key {} ({}…) for tenant '{}' with scopes {} created by {}",
                    rec.keyId(),
                    rec.prefix(),
                    tenant,
                    scopes,
                    caller.principal());
            meters.counter("mnemos.gateway.admin.keys.created").increment();
            return ResponseEntity.created(URI.create("/v1/admin/tenants/" + tenant + "/keys/" + rec.keyId()))
                    .body(new CreatedKey(
                            rec.keyId(),
                            key,
                            rec.tenant(),
                            rec.prefix(),
                            rec.scopes(),
                            rec.name(),
                            rec.createdAt(),
                            rec.expiresAt()));
        });
    }

    @GetMapping("/tenants/{tenant}/keys")
    @Operation(summary = "List a tenant's API keys", description = "Never returns the keys themselves.")
    Mono<KeyList> keys(
            @PathVariable String tenant,
            @Parameter(hidden = true) @RequestAttribute(AuthenticationFilter.IDENTITY_ATTRIBUTE) Identity caller) {
        return blocking(() -> {
            requireVisibleTenant(caller, tenant);
            Instant now = clock.instant();
            return new KeyList(
                    store.list(tenant).stream().map(k -> KeyView.of(k, now)).toList());
        });
    }

    @DeleteMapping("/keys/{keyId}")
    @Operation(
            summary = "Revoke an API key",
            description = "Takes effect at once on this gateway instance (others within the key cache TTL, 5 s by"
                    + " default). Idempotent.")
    Mono<ResponseEntity<Void>> revoke(
            @PathVariable UUID keyId,
            @Parameter(hidden = true) @RequestAttribute(AuthenticationFilter.IDENTITY_ATTRIBUTE) Identity caller) {
        return blocking(() -> {
            ApiKeyRecord rec = store.findById(keyId)
                    .filter(k -> mayManage(caller, k.tenant()))
                    .orElseThrow(() -> AdminProblem.noKey(keyId));
            store.revoke(rec.keyId(), caller.principal());
            log.info("API key {} of tenant '{}' revoked by {}", keyId, rec.tenant(), caller.principal());
            meters.counter("mnemos.gateway.admin.keys.revoked").increment();
            return ResponseEntity.noContent().build();
        });
    }

    private boolean mayManage(Identity caller, String tenant) {
        return caller.tenant().equals(auth.adminTenant()) || caller.tenant().equals(tenant);
    }

    private void requirePlatformAdmin(Identity caller) {
        if (!caller.tenant().equals(auth.adminTenant())) {
            throw new AdminProblem(
                    HttpStatus.FORBIDDEN,
                    "insufficient-scope",
                    "Insufficient scope",
                    "Only admins of the platform tenant '" + auth.adminTenant() + "' create tenants.");
        }
    }

    private void requireVisibleTenant(Identity caller, String tenant) {
        if (!mayManage(caller, tenant) || store.findTenant(tenant).isEmpty()) {
            throw AdminProblem.noTenant(tenant);
        }
    }

    /** A tenant id from a display name: lower-case ASCII letters and digits, other runs become one dash. */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > 63) {
            s = s.substring(0, 63).replaceAll("-+$", "");
        }
        if (!Identity.TENANT_PATTERN.matcher(s).matches()) {
            throw AdminProblem.invalid("Cannot derive a tenant id from the name '" + name
                    + "'; give a tenantId (lower-case letters," + " digits, dashes).");
        }
        return s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
