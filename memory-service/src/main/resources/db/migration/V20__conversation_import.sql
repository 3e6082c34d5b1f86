-- Conversation memory, bulk import: keep the client's own session and turn ids (e.g. LoCoMo's "D1:3") beside the
-- UUIDs, and accept any speaker label (imported conversations name their speakers). Turns recorded by the orchestrator
-- keep external_id NULL and are unaffected.
ALTER TABLE conversation_session ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX conversation_session_external
    ON conversation_session (tenant, user_id, external_id) WHERE external_id IS NOT NULL;

ALTER TABLE conversation_turn ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX conversation_turn_external
    ON conversation_turn (tenant, session_id, external_id) WHERE external_id IS NOT NULL;

ALTER TABLE conversation_turn DROP CONSTRAINT IF EXISTS conversation_turn_speaker_check;
ALTER TABLE conversation_turn ADD CONSTRAINT conversation_turn_speaker_check
    CHECK (char_length(speaker) BETWEEN 1 AND 100);

-- Erasure and the index rebuild read a user's turns in session order.
CREATE INDEX conversation_turn_user_session ON conversation_turn (tenant, user_id, session_id, sequence);
