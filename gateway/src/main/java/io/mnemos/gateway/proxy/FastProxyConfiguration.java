package io.mnemos.gateway.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.mnemos.gateway.GatewayProperties;
import io.mnemos.gateway.auth.Authentication;
import io.mnemos.gateway.observability.RequestLog;
import io.mnemos.gateway.ratelimit.RateLimits;
import io.mnemos.gateway.routing.ServiceRoutes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.util.function.SingletonSupplier;
import reactor.netty.http.client.HttpClient;

/**
 * Puts the {@link FastProxy} in front of Spring's handler on the gateway's Netty server, unless {@code
 * mnemos.gateway.fast-proxy.enabled=false} (then Spring Cloud Gateway serves every route, as before; the benchmark
 * compares the two).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "mnemos.gateway.fast-proxy.enabled", matchIfMissing = true)
class FastProxyConfiguration {
    @Bean
    @Lazy
    FastProxy fastProxy(
            ServiceRoutes routes,
            Authentication authentication,
            ObjectProvider<RateLimits> limits,
            RequestLog log,
            HttpClient gatewayHttpClient,
            GatewayProperties props,
            MeterRegistry meters) {
        return new FastProxy(routes, authentication, limits.getIfAvailable(), log, gatewayHttpClient, props, meters);
    }

    /**
     * The server is built before the application's other beans, so the proxy is looked up on the first request (the
     * server only takes requests once the context is ready).
     */
    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> fastProxyRoute(ObjectProvider<FastProxy> provider) {
        // Looked up once, on the first request, not on every one.
        SingletonSupplier<FastProxy> proxy = SingletonSupplier.of(provider::getObject);
        return factory -> factory.addRouteProviders(
                routes -> routes.route(request -> proxy.obtain().takes(request), (request, response) -> proxy.obtain()
                        .handle(request, response)));
    }
}
