-- HTTP API of profile / experience / action memory and erasure (issue #4, sections 2-5).

-- Experience memory is shared per tenant (templates are skills, not personal data), but an episode remembers the user
-- it was recorded for so that erasing that user removes it and re-learns the templates it contributed to.
ALTER TABLE experience_episode ADD COLUMN user_id text;
CREATE INDEX experience_episode_user_idx ON experience_episode (tenant, user_id) WHERE user_id IS NOT NULL;

-- Replay runs carry the task text and slot values of the user who asked: erasable per user.
ALTER TABLE replay_run ADD COLUMN user_id text;
CREATE INDEX replay_run_user_idx ON replay_run (tenant, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX action_trace_user_idx ON action_trace (tenant, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX replay_script_source_idx ON replay_script (source_trace_id);

-- Erasure receipts, fetchable again later. No personal data: the user is kept only as a SHA-256 digest of
-- (tenant, user id), so a receipt can be matched to a user id someone presents but never reveals it.
CREATE TABLE erasure_receipt (
    id           uuid PRIMARY KEY,
    tenant       text        NOT NULL,
    user_digest  text        NOT NULL,
    requested_by text        NOT NULL,
    stores       jsonb       NOT NULL, -- [{store, counts{kind: n}}]
    erased_at    timestamptz NOT NULL
);

CREATE INDEX erasure_receipt_user_idx ON erasure_receipt (tenant, user_digest, erased_at);
