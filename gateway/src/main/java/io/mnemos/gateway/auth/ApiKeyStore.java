package io.mnemos.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mnemos.contracts.Ids;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenants and hashed API keys in PostgreSQL, with a short cache in front of key lookups. Blocking (JDBC): callers on
 * the event loop wrap calls in {@code boundedElastic}.
 */
@Repository
public class ApiKeyStore {
    private final JdbcClient jdbc;
    // Short TTL so a revocation made on another gateway instance takes effect within seconds here too; revocations
    // through this instance evict at once.
    private final Cache<String, Optional<ApiKeyRecord>> byHash;

    public ApiKeyStore(JdbcClient jdbc, AuthProperties props) {
        this.jdbc = jdbc;
        this.byHash = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(props.keyCacheTtl())
                .build();
    }

    /** The key with this hash, revoked or not. */
    public Optional<ApiKeyRecord> findByHash(String hash) {
        return byHash.get(hash, h -> jdbc.sql(SELECT + " WHERE key_hash = ?")
                .param(h)
                .query(ApiKeyStore::map)
                .optional());
    }

    /**
     * The cached lookup of this hash, if the cache holds one (no database access: safe on the event loop). The outer
     * {@code Optional} is empty on a cache miss; the inner one on a cached "no such key".
     */
    public Optional<Optional<ApiKeyRecord>> cached(String hash) {
        return Optional.ofNullable(byHash.getIfPresent(hash));
    }

    public Optional<ApiKeyRecord> findById(UUID keyId) {
        return jdbc.sql(SELECT + " WHERE key_id = ?")
                .param(keyId)
                .query(ApiKeyStore::map)
                .optional();
    }

    /** Creates the tenant unless it exists; returns whether it was created. */
    @Transactional
    public boolean ensureTenant(String tenant, String name) {
        return jdbc.sql("INSERT INTO tenant (tenant_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(tenant, name)
                        .update()
                > 0;
    }

    public Optional<Tenant> findTenant(String tenant) {
        return jdbc.sql("SELECT tenant_id, name, created_at FROM tenant WHERE tenant_id = ?")
                .param(tenant)
                .query(ApiKeyStore::mapTenant)
                .optional();
    }

    public List<Tenant> tenants() {
        return jdbc.sql("SELECT tenant_id, name, created_at FROM tenant ORDER BY created_at, tenant_id")
                .query(ApiKeyStore::mapTenant)
                .list();
    }

    /** Stores a key (already generated) for a tenant; an existing identical hash is kept. */
    @Transactional
    public ApiKeyRecord insert(String tenant, String key, Set<String> scopes, String name, Instant expiresAt) {
        UUID id = Ids.newId();
        String hash = ApiKeys.hash(key);
        jdbc.sql(
                        """
                INSERT INTO api_key (key_id, tenant_id, key_hash, key_prefix, scopes, description, expires_at)
                VALUES (?, ?, ?, ?, ?::text[], ?, ?) ON CONFLICT (key_hash) DO NOTHING""")
                .params(
                        id,
                        tenant,
                        hash,
                        ApiKeys.displayPrefix(key),
                        pgArray(scopes),
                        name,
                        expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                .update();
        byHash.invalidate(hash);
        return findByHash(hash).orElseThrow();
    }

    public List<ApiKeyRecord> list(String tenant) {
        return jdbc.sql(SELECT + " WHERE tenant_id = ? ORDER BY created_at, key_id")
                .param(tenant)
                .query(ApiKeyStore::map)
                .list();
    }

    /**
     * Revokes a key (idempotent: a revoked key keeps its first revocation time) and evicts it from this instance's
     * cache, so it stops working here at once.
     *
     * @return the key after revocation, or empty if there is no such key
     */
    @Transactional
    public Optional<ApiKeyRecord> revoke(UUID keyId, String by) {
        Optional<String> hash = jdbc.sql(
                        "UPDATE api_key SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, ?)"
                                + " WHERE key_id = ? RETURNING key_hash")
                .params(by, keyId)
                .query(String.class)
                .optional();
        hash.ifPresent(byHash::invalidate);
        return hash.flatMap(h -> findById(keyId));
    }

    /** A tenant. */
    public record Tenant(String tenantId, String name, Instant createdAt) {}

    private static final String SELECT = "SELECT key_id, tenant_id, key_prefix, scopes, description, created_at,"
            + " expires_at, revoked_at FROM api_key";

    private static ApiKeyRecord map(ResultSet rs, int row) throws SQLException {
        Array scopes = rs.getArray(4);
        return new ApiKeyRecord(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                new LinkedHashSet<>(Arrays.asList((String[]) scopes.getArray())),
                rs.getString(5),
                instant(rs.getTimestamp(6)),
                instant(rs.getTimestamp(7)),
                instant(rs.getTimestamp(8)));
    }

    private static Tenant mapTenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
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
