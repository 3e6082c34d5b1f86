-- Turns answered by their caller (POST /v1/chat/completions) rather than by the session pipeline on
-- memory.turn.stored: status 'direct' until the caller records the reply. request_key recognises a replayed request
-- (same user, conversation and messages, or the same Idempotency-Key), so it is recorded and answered once.
ALTER TABLE turn DROP CONSTRAINT turn_status_check;
ALTER TABLE turn ADD CONSTRAINT turn_status_check CHECK (status IN ('accepted', 'direct', 'answered'));
ALTER TABLE turn ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX turn_request_key ON turn (tenant, request_key) WHERE request_key IS NOT NULL;
