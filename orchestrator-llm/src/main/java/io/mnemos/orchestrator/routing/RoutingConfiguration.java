package io.mnemos.orchestrator.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.model.CachingEmbedder;
import io.mnemos.model.Embedder;
import io.mnemos.model.MiniLmEmbedder;
import io.mnemos.model.QueryVectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the embedded default router. Nothing heavy happens during start-up: once the application is ready, the model
 * loads and the exemplars are embedded in the background ({@link SemanticRouter#warmUp()}; health is up meanwhile, a
 * failure only logs a warning and the first routed turn loads them instead). Other beans replace the defaults: an
 * {@link Embedder}, an {@link ActionScriptMatcher} (memory's action scripts), a whole {@link Router} (e.g. an LLM
 * controller) or the {@link KnownNames} store.
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

    /** The router's per-user memory context of names, fed by the pipeline (see {@link KnownNames}). */
    @Bean
    @ConditionalOnMissingBean
    KnownNames knownNames(RoutingProperties properties) {
        return new KnownNames(properties.knownNames().settings());
    }

    /** Warms the embedded router in the background once the application is ready (another router is left alone). */
    @Bean
    RouterWarmUp routerWarmUp(Router router) {
        return new RouterWarmUp(router);
    }

    /** A class, not a lambda, so that Spring sees which event it listens to. */
    static final class RouterWarmUp implements ApplicationListener<ApplicationReadyEvent> {
        private final Router router;

        RouterWarmUp(Router router) {
            this.router = router;
        }

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            if (router instanceof SemanticRouter semantic) {
                QueryVectors.warmUpInBackground("router (model and exemplar vectors)", semantic::warmUp);
            }
        }
    }

    /** Reuse of answers to questions already grounded (same tenant, same normalised question). */
    @Bean
    @ConditionalOnMissingBean
    ReuseCache<Object> reuseCache(RoutingProperties properties, MeterRegistry meters) {
        return new ReuseCache<>(
                "pipeline", properties.reuse().maxEntries(), properties.reuse().timeToLive(), meters);
    }
}
