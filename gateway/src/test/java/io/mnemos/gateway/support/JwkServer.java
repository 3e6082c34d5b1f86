package io.mnemos.gateway.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** An identity provider in miniature: an RSA key generated here, its JWK set served over HTTP, and a token signer. */
public final class JwkServer implements AutoCloseable {
    public static final String ISSUER = "https://idp.test.mnemos";
    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey otherKey;

    public JwkServer() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        // Same key id, different key: a token signed with it must fail verification.
        otherKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", ex -> {
            try (ex) {
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, jwks.length);
                ex.getResponseBody().write(jwks);
            }
        });
        server.start();
    }

    public URI jwkSetUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    /** A signed token with the given claims, issuer {@link #ISSUER} unless overridden, expiring at {@code exp}. */
    public String token(Map<String, Object> claims, Instant exp) {
        return sign(key, claims, exp);
    }

    /** Like {@link #token} but signed with a key the JWK set does not hold. */
    public String forged(Map<String, Object> claims, Instant exp) {
        return sign(otherKey, claims, exp);
    }

    private static String sign(RSAKey with, Map<String, Object> claims, Instant exp) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .issueTime(Date.from(Instant.now().minusSeconds(600)))
                .expirationTime(Date.from(exp));
        claims.forEach(b::claim);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), b.build());
        try {
            jwt.sign(new RSASSASigner(with));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
