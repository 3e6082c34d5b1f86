package io.mnemos.orchestrator.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mnemos.model.Embedder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The wiring binds {@code mnemos.routing.*} with its defaults and loads no model at start-up. */
class RoutingConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RoutingProperties.class)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Meters.class, RoutingConfiguration.class);

    @Test
    void defaultsMatchTheTunedRouterSettings() {
        runner.run(context -> {
            RoutingProperties properties = context.getBean(RoutingProperties.class);
            assertThat(properties.routerSettings()).isEqualTo(SemanticRouter.Settings.defaults());
            assertThat(properties.reuse().maxEntries()).isEqualTo(10_000);
            assertThat(context.getBean(Router.class)).isInstanceOf(SemanticRouter.class);
            assertThat(context.getBean(ReuseCache.class)).isNotNull();
        });
    }

    @Test
    void propertiesOverrideTheSettingsAndAnEmbedderBeanReplacesTheModel() {
        WordEmbedder fake = new WordEmbedder();
        runner.withBean(Embedder.class, () -> fake)
                .withPropertyValues("mnemos.routing.k=3", "mnemos.routing.fallback=DOCUMENTS")
                .run(context -> {
                    SemanticRouter router = (SemanticRouter) context.getBean(Router.class);
                    assertThat(router.settings().k()).isEqualTo(3);
                    assertThat(router.settings().fallback()).isEqualTo(Route.DOCUMENTS);
                    assertThat(fake.embedAllCalls).hasValue(0); // lazy: nothing embedded at start-up
                    router.route(TurnInput.text("t", "Book a table for two tonight"));
                    assertThat(fake.embedAllCalls).hasValue(1);
                });
    }

    @Test
    void onceTheApplicationIsReadyTheRouterWarmsUpInTheBackground() throws InterruptedException {
        WordEmbedder fake = new WordEmbedder();
        runner.withBean(Embedder.class, () -> fake)
                .withPropertyValues("mnemos.routing.known-names.names-per-user=5")
                .run(context -> {
                    assertThat(context.getBean(KnownNames.class)).isNotNull();
                    assertThat(context.getBean(RoutingProperties.class)
                                    .knownNames()
                                    .namesPerUser())
                            .isEqualTo(5);
                    assertThat(fake.embedAllCalls).hasValue(0); // nothing during start-up itself
                    context.getBean(RoutingConfiguration.RouterWarmUp.class).onApplicationEvent(null);
                    for (int i = 0; i < 500 && fake.embedCalls.get() == 0; i++) {
                        Thread.sleep(10); // the warm-up runs on its own thread
                    }
                    assertThat(fake.embedAllCalls).hasValue(1); // the exemplars
                    assertThat(fake.embedCalls).hasValue(1); // and one turn-like text
                });
    }

    @Test
    void taskAsFallbackIsRejectedAtStartUp() {
        runner.withBean(Embedder.class, WordEmbedder::new)
                .withPropertyValues("mnemos.routing.fallback=TASK")
                .run(context -> assertThat(context).hasFailed());
    }
}
