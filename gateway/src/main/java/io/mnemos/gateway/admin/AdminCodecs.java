package io.mnemos.gateway.admin;

import io.mnemos.contracts.text.NulCharacters;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies of the gateway's own API (admin, system) refuse strings holding NUL, which PostgreSQL cannot store:
 * {@link AdminProblemHandler} answers a 400 naming the field. Server side only, with a copy of Boot's mapper; proxied
 * requests never pass through these codecs. Last, so that it replaces the decoder Boot configures.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.LOWEST_PRECEDENCE)
class AdminCodecs implements WebFluxConfigurer {
    private final JsonMapper requestBodies;

    AdminCodecs(JsonMapper mapper) {
        this.requestBodies = mapper.rebuild().addModule(NulCharacters.module()).build();
    }

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(requestBodies));
    }
}
