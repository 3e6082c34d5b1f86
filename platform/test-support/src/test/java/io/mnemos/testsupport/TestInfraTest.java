package io.mnemos.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestInfraTest {

    @Test
    void uniqueNamesAreSafeIdentifiers() {
        String a = TestInfra.uniqueName("Memory-Service Profiles");
        String b = TestInfra.uniqueName("Memory-Service Profiles");
        assertThat(a).matches("memory_service_profiles_[0-9a-f]{8}").isNotEqualTo(b);
        assertThat(TestInfra.uniqueName("1st")).startsWith("t_1st_");
        assertThat(TestInfra.uniqueName(null)).matches("t__[0-9a-f]{8}");
        assertThat(TestInfra.uniqueName("x".repeat(100))).hasSizeLessThanOrEqualTo(63);
    }
}
