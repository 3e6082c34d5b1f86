package io.mnemos.orchestrator.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.model.CachingEmbedder;
import io.mnemos.model.Embedder;
import io.mnemos.model.MiniLmEmbedder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the embedded default router. Nothing loads at start-up: the model and the exemplar vectors load on the first
 * routed turn. Other beans replace the defaults: an {@link Embedder}, an {@link ActionScriptMatcher} (memory's action
 * scripts) or a whole {@link Router} (e.g. an LLM controller).
 */
@Configuration(proxyBeanMethods = false)
public class RoutingConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Embedder embedder(RoutingProperties properties) {
        return new CachingEmbedder(new MiniLmEmbedder(), properties.embeddingCacheSize());
    }

    @Bean
    @ConditionalOnMissingBean
    ActionScriptMatcher actionScriptMatcher() {
        return ActionScriptMatcher.none();
    }

    @Bean
    @ConditionalOnMissingBean
    Router router(
            Embedder embedder, ActionScriptMatcher actionScripts, RoutingProperties properties, MeterRegistry meters) {
        return new SemanticRouter(
                embedder,
                RouteExemplars.fromClasspath(properties.exemplars()),
                properties.routerSettings(),
                actionScripts,
                meters);
    }

    /** Reuse of answers to questions already grounded (same tenant, same normalised question). */
    @Bean
    @ConditionalOnMissingBean
    ReuseCache<Object> reuseCache(RoutingProperties properties, MeterRegistry meters) {
        return new ReuseCache<>(
                "pipeline", properties.reuse().maxEntries(), properties.reuse().timeToLive(), meters);
    }
}
