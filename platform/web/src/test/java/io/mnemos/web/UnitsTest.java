package io.mnemos.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.web.problem.PayloadTooLargeProblem;
import io.mnemos.web.problem.ProblemException;
import io.mnemos.web.tracing.RequestIds;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Small pure functions of mnemos-web. */
class UnitsTest {

    @Test
    void sizesAreDescribedTheWayPeopleWriteThem() {
        assertThat(PayloadTooLargeProblem.describe(DataSize.ofMegabytes(10))).isEqualTo("10MB");
        assertThat(PayloadTooLargeProblem.describe(DataSize.ofKilobytes(512))).isEqualTo("512KB");
        assertThat(PayloadTooLargeProblem.describe(DataSize.ofGigabytes(1))).isEqualTo("1GB");
        assertThat(PayloadTooLargeProblem.describe(DataSize.ofBytes(1000))).isEqualTo("1000B");
    }

    @Test
    void requestIdValidation() {
        assertThat(RequestIds.isValid("abc-DEF_1.2")).isTrue();
        assertThat(RequestIds.isValid("a".repeat(128))).isTrue();
        assertThat(RequestIds.isValid("a".repeat(129))).isFalse();
        assertThat(RequestIds.isValid("")).isFalse();
        assertThat(RequestIds.isValid("a b")).isFalse();
        assertThat(RequestIds.isValid("a\nb")).isFalse();
        assertThat(RequestIds.isValid(null)).isFalse();
    }

    @Test
    void traceparentParsing() {
        assertThat(RequestIds.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .contains("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(RequestIds.traceIdOf("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"))
                .contains("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(RequestIds.traceIdOf("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(RequestIds.traceIdOf("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(RequestIds.traceIdOf("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"))
                .isEmpty();
        assertThat(RequestIds.traceIdOf("garbage")).isEmpty();
        assertThat(RequestIds.traceIdOf(null)).isEmpty();
    }

    @Test
    void problemTypesAreStableUris() {
        assertThat(ProblemException.type("session-not-found"))
                .hasToString("https://mnemos.io/problems/session-not-found");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProblemException.type("Not A Slug"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
