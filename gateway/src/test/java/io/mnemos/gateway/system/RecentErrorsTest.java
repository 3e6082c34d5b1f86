package io.mnemos.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentErrorsTest {

    @Test
    void keepsTheNewestEntriesUpToItsCapacityNewestFirst() {
        RecentErrors errors =
                new RecentErrors(new SystemProperties("k:9092", Duration.ofSeconds(3), Duration.ZERO, 3, 1024));
        for (int i = 1; i <= 5; i++) {
            errors.add(error("r" + i, i % 2 == 0 ? "even" : "odd"));
        }
        assertThat(errors.newest(e -> true, 10))
                .extracting(RecentError::requestId)
                .containsExactly("r5", "r4", "r3");
        assertThat(errors.newest(e -> "odd".equals(e.tenant()), 10))
                .extracting(RecentError::requestId)
                .containsExactly("r5", "r3");
        assertThat(errors.newest(e -> true, 1))
                .extracting(RecentError::requestId)
                .containsExactly("r5");
    }

    private static RecentError error(String id, String tenant) {
        return new RecentError(Instant.now(), id, tenant, "memory", "GET", "/v1/x", 500, null, null);
    }
}
