package io.mnemos.web.security;

/**
 * The security configuration cannot work (e.g. the internal secret is missing or too short). Stops the application
 * at startup; {@link InvalidSecurityConfigurationFailureAnalyzer} explains how to fix it. The message never contains
 * the secret.
 */
public class InvalidSecurityConfigurationException extends IllegalStateException {
    public InvalidSecurityConfigurationException(String message) {
        super(message);
    }
}
