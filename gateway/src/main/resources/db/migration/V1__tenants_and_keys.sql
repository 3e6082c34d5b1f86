-- Tenants and their API keys. Keys are stored as SHA-256 hashes; the plain key is shown once, at creation.
CREATE TABLE tenant (
    tenant_id   TEXT        PRIMARY KEY,
    name        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE api_key (
    key_id      UUID        PRIMARY KEY,
    tenant_id   TEXT        NOT NULL REFERENCES tenant (tenant_id) ON DELETE CASCADE,
    key_hash    TEXT        NOT NULL UNIQUE,
    key_prefix  TEXT        NOT NULL,
    scopes      TEXT[]      NOT NULL,
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX api_key_tenant ON api_key (tenant_id);
