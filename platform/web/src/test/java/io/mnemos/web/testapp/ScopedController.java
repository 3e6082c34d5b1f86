package io.mnemos.web.testapp;

import io.mnemos.web.security.RequiresScope;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Class-level scope: every method needs {@code reports:read}, one also {@code reports:export}. */
@RestController
@RequiresScope("reports:read")
public class ScopedController {
    @GetMapping("/test/reports")
    Map<String, Object> list() {
        return Map.of("ok", true);
    }

    @GetMapping("/test/reports/export")
    @RequiresScope("reports:export")
    Map<String, Object> export() {
        return Map.of("ok", true);
    }
}
