package io.mnemos.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mnemos.contracts.Ids;
import java.sql.Array;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Tenants and hashed API keys in PostgreSQL, with a short cache in front of key lookups. */
@Repository
public class ApiKeyStore {
    private final JdbcClient jdbc;
    // Short TTL so a revoked key stops working within seconds on every gateway instance.
    private final Cache<String, Optional<ApiKeyRecord>> byHash = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(5))
            .build();

    public ApiKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The key with this hash, revoked or not. */
    public Optional<ApiKeyRecord> findByHash(String hash) {
        return byHash.get(hash, h -> jdbc.sql(SELECT + " WHERE key_hash = ?")
                .param(h)
                .query(this::map)
                .optional());
    }

    @Transactional
    public void ensureTenant(String tenant, String name) {
        jdbc.sql("INSERT INTO tenant (tenant_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(tenant, name)
                .update();
    }

    /** Stores a key (already generated) for a tenant; an existing identical hash is kept. */
    @Transactional
    public ApiKeyRecord insert(String tenant, String key, Set<String> scopes, String description) {
        UUID id = Ids.newId();
        jdbc.sql(
                        """
                INSERT INTO api_key (key_id, tenant_id, key_hash, key_prefix, scopes, description)
                VALUES (?, ?, ?, ?, ?::text[], ?) ON CONFLICT (key_hash) DO NOTHING""")
                .params(id, tenant, ApiKeys.hash(key), ApiKeys.displayPrefix(key), pgArray(scopes), description)
                .update();
        byHash.invalidate(ApiKeys.hash(key));
        return findByHash(ApiKeys.hash(key)).orElseThrow();
    }

    public List<ApiKeyRecord> list(String tenant) {
        return jdbc.sql(SELECT + " WHERE tenant_id = ? ORDER BY created_at")
                .param(tenant)
                .query(this::map)
                .list();
    }

    private static final String SELECT =
            "SELECT key_id, tenant_id, key_prefix, scopes, description, created_at, revoked_at FROM api_key";

    private ApiKeyRecord map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Array scopes = rs.getArray(4);
        return new ApiKeyRecord(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                new LinkedHashSet<>(Arrays.asList((String[]) scopes.getArray())),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant());
    }

    private static String pgArray(Set<String> values) {
        StringBuilder b = new StringBuilder("{");
        for (String v : values) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
    }
}
