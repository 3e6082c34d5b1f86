package io.mnemos.web.security;

import io.mnemos.contracts.identity.InternalToken;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link InvalidSecurityConfigurationException} into a startup report that says what to set. */
public class InvalidSecurityConfigurationFailureAnalyzer
        extends AbstractFailureAnalyzer<InvalidSecurityConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSecurityConfigurationException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set the environment variable " + MnemosSecurityProperties.SECRET_ENV + " (or the property "
                        + MnemosSecurityProperties.SECRET_PROPERTY + ") to the same secret the gateway uses, at least "
                        + InternalToken.MIN_SECRET_BYTES + " bytes (e.g. the output of `openssl rand -hex 32`). For a"
                        + " local experiment only, you may instead set mnemos.security.enabled=false, which accepts"
                        + " every request without authentication.",
                cause);
    }
}
