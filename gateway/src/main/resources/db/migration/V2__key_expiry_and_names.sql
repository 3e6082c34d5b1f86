-- Keys may expire; the admin API names keys (kept in the existing description column) and lists them per tenant.
ALTER TABLE api_key ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE api_key ADD COLUMN revoked_by TEXT;
CREATE INDEX api_key_tenant_created ON api_key (tenant_id, created_at);
