package io.mnemos.web.testapp;

import io.mnemos.contracts.identity.Identity;
import io.mnemos.web.problem.NotFoundProblem;
import io.mnemos.web.problem.ServiceUnavailableProblem;
import io.mnemos.web.security.RequiresScope;
import io.mnemos.web.security.TenantContext;
import io.mnemos.web.tracing.RequestIds;
import io.mnemos.web.validation.UserId;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.MDC;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Endpoints that exercise each behaviour of mnemos-web. */
@RestController
public class SampleController {
    /** A known item id. */
    public static final UUID KNOWN = UUID.fromString("0190f1c2-7a4b-7c3d-8e9f-0a1b2c3d4e5f");

    private final GreetingService greetings;

    SampleController(GreetingService greetings) {
        this.greetings = greetings;
    }

    public record Tag(@NotBlank String label) {}

    public record CreateItem(
            @NotBlank @Size(max = 20) String name,
            @Min(1) int quantity,
            List<@Valid Tag> tags,
            Map<String, String> labels,
            Double weight,
            Boolean fragile,
            float[] vector) {}

    @PostMapping("/test/items")
    @RequiresScope("items:write")
    Map<String, Object> create(@Valid @RequestBody CreateItem item) {
        return Map.of("tenant", TenantContext.current().tenant(), "name", item.name());
    }

    @GetMapping("/test/items/{id}")
    @RequiresScope("items:read")
    Map<String, Object> get(@PathVariable UUID id) {
        if (!KNOWN.equals(id)) {
            throw new NotFoundProblem("item-not-found", "Item not found", "No item " + id + ". List items first.");
        }
        return Map.of("id", id, "tenant", TenantContext.tenant());
    }

    @PutMapping("/test/items/{id}")
    Map<String, Object> update(@PathVariable UUID id) {
        throw new OptimisticLockingFailureException("row version 3 expected, found 4");
    }

    @GetMapping("/test/whoami")
    Map<String, Object> whoami(Identity caller) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", caller.tenant());
        out.put("principal", caller.principal());
        out.put("scopes", caller.scopes());
        out.put("sameAsContext", caller.equals(TenantContext.current()));
        out.put("mdcRequestId", MDC.get(RequestIds.MDC_REQUEST_ID));
        out.put("mdcTraceId", MDC.get(RequestIds.MDC_TRACE_ID));
        out.put("mdcTenant", MDC.get("tenant"));
        return out;
    }

    @GetMapping("/test/users/{userId}")
    Map<String, Object> user(@PathVariable @UserId String userId) {
        return Map.of("userId", userId);
    }

    @GetMapping("/test/search")
    Map<String, Object> search(@RequestParam @Min(1) @Max(100) int limit) {
        return Map.of("limit", limit);
    }

    @GetMapping("/test/greet")
    Map<String, Object> greet(@RequestParam(defaultValue = "") String name) {
        return Map.of("greeting", greetings.greet(name));
    }

    @PostMapping(path = "/test/raw", consumes = MediaType.ALL_VALUE)
    Map<String, Object> raw(InputStream body) throws IOException {
        return Map.of("bytes", body.readAllBytes().length);
    }

    @PostMapping(path = "/test/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, Object> upload(@RequestParam("file") MultipartFile file) {
        return Map.of("bytes", file.getSize());
    }

    @GetMapping("/test/boom")
    Map<String, Object> boom() {
        throw new IllegalStateException("kaboom; internal detail: db password is hunter2");
    }

    @GetMapping("/test/unavailable")
    Map<String, Object> unavailable() {
        throw new ServiceUnavailableProblem("The index is being rebuilt. Retry shortly.", Duration.ofSeconds(30));
    }

    @GetMapping("/test/teapot")
    void teapot(HttpServletResponse response) throws IOException {
        response.sendError(418);
    }

    /** Async: the handler returns at once; the result is written on a second (async) dispatch. */
    @GetMapping("/test/async")
    @RequiresScope("items:read")
    Callable<Map<String, Object>> async(Identity caller) {
        return () -> Map.of(
                "tenant", caller.tenant(), "boundOnWorker", TenantContext.find().isPresent());
    }

    @GetMapping("/test/admin-only")
    @RequiresScope({"items:read", "items:delete"})
    Map<String, Object> adminOnly() {
        return Map.of("ok", true);
    }
}
