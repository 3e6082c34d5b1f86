package io.mnemos.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.mnemos.web.security.InvalidSecurityConfigurationException;
import io.mnemos.web.security.InvalidSecurityConfigurationFailureAnalyzer;
import io.mnemos.web.security.MnemosSecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The service refuses to start without a usable secret, and says loudly when security is off. */
@ExtendWith(OutputCaptureExtension.class)
class SecurityStartupTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, MnemosWebAutoConfiguration.class));

    @Test
    void missingSecretStopsStartup() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidSecurityConfigurationException.class)
                    .hasMessageContaining("mnemos.security.internal-secret is not set");
        });
    }

    @Test
    void shortSecretStopsStartupWithoutPrintingIt() {
        runner.withPropertyValues("mnemos.security.internal-secret=short-secret-xyz")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable root = context.getStartupFailure();
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertThat(root)
                            .isInstanceOf(InvalidSecurityConfigurationException.class)
                            .hasMessageContaining("too short: 16 bytes, at least 32")
                            .hasMessageNotContaining("short-secret-xyz");
                    FailureAnalysis analysis =
                            new InvalidSecurityConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getAction())
                            .contains("MNEMOS_SECURITY_INTERNAL_SECRET", "mnemos.security.enabled=false")
                            .doesNotContain("short-secret-xyz");
                });
    }

    @Test
    void validSecretStarts() {
        runner.withPropertyValues("mnemos.security.internal-secret=0123456789abcdef0123456789abcdef")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MnemosSecurityProperties.class).toString())
                            .doesNotContain("0123456789abcdef");
                });
    }

    @Test
    void disabledSecurityStartsWithALoudWarning(CapturedOutput output) {
        runner.withPropertyValues("mnemos.security.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output.getAll())
                    .contains("WARN")
                    .contains("SECURITY DISABLED")
                    .contains("tenant 'local'");
        });
    }
}
