package io.mnemos.gateway.auth;

import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Creates the {@link JwtAuthenticator} only when a JWK set or issuer is configured. */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {
    @Bean
    @Conditional(JwtConfigured.class)
    JwtAuthenticator jwtAuthenticator(AuthProperties props) {
        LoggerFactory.getLogger(JwtAuthenticator.class)
                .info(
                        "JWT bearer tokens accepted (JWK set {}, issuer {}, tenant claim '{}', scope claim '{}')",
                        props.jwt().jwkSetUri(),
                        props.jwt().issuerUri(),
                        props.jwt().tenantClaim(),
                        props.jwt().scopeClaim());
        return new JwtAuthenticator(props.jwt());
    }

    static class JwtConfigured implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(
                org.springframework.context.annotation.ConditionContext context,
                org.springframework.core.type.AnnotatedTypeMetadata metadata) {
            var env = context.getEnvironment();
            return hasText(env.getProperty("mnemos.gateway.auth.jwt.jwk-set-uri"))
                    || hasText(env.getProperty("mnemos.gateway.auth.jwt.issuer-uri"));
        }

        private static boolean hasText(String s) {
            return s != null && !s.isBlank();
        }
    }
}
