package io.mnemos.orchestrator.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The configuration picks the provider, stays lazy, validates, and reports health without failing the service. */
class LlmConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(LlmConfiguration.class)
            .withBean(SimpleMeterRegistry.class);

    @Test
    void defaultIsNoLlm() {
        runner.run(ctx -> {
            LlmClient client = ctx.getBean(LlmClient.class);
            assertThat(client).isInstanceOf(DisabledLlmClient.class);
            assertThat(client.isAvailable()).isFalse();
            assertThat(client.chatModel()).isEmpty();
            assertThat(client.generate("hi")).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> assertThat(
                            d.failure().kind())
                    .isEqualTo(LlmFailure.Kind.NOT_CONFIGURED));
            var health =
                    ctx.getBean("llmHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("provider", "none").containsEntry("available", false);
        });
    }

    @Test
    void openAiClientIsCreatedWithoutTouchingTheNetwork() {
        runner.withPropertyValues(
                        "mnemos.llm.provider=openai",
                        "mnemos.llm.base-url=http://127.0.0.1:9/v1",
                        "mnemos.llm.model=qwen2.5-7b-instruct",
                        "mnemos.llm.timeout=2s",
                        "mnemos.llm.breaker.minimum-calls=2")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    ResilientLlmClient client = (ResilientLlmClient) ctx.getBean(LlmClient.class);
                    assertThat(client.createdBackend()).isEmpty();
                    assertThat(client.status().model()).isEqualTo("qwen2.5-7b-instruct");
                    assertThat(client.status().breakerState()).isEqualTo("CLOSED");
                    assertThat(ctx.getBean(LlmProperties.class).breaker().minimumCalls())
                            .isEqualTo(2);
                });
    }

    @Test
    void jlamaWithoutAModelDirectoryStartsAndDegradesWithTheReason() {
        runner.withPropertyValues("mnemos.llm.provider=jlama", "mnemos.llm.max-retries=0")
                .run(ctx -> {
                    LlmClient client = ctx.getBean(LlmClient.class);
                    assertThat(client.generate("hi")).isInstanceOfSatisfying(LlmResult.Degraded.class, d -> {
                        assertThat(d.failure().kind()).isEqualTo(LlmFailure.Kind.PROVIDER_ERROR);
                        assertThat(d.failure().message()).contains("mnemos.llm.model-dir is required");
                    });
                    var health = ctx.getBean("llmHealthIndicator", HealthIndicator.class)
                            .health();
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(String.valueOf(health.getDetails().get("lastFailure")))
                            .contains("provider_error");
                });
    }

    @Test
    void invalidSettingsFailAtStartup() {
        runner.withPropertyValues("mnemos.llm.provider=openai", "mnemos.llm.max-retries=-1")
                .run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("mnemos.llm.provider=gpt5")
                .run(ctx -> assertThat(ctx).hasFailed());
    }
}
