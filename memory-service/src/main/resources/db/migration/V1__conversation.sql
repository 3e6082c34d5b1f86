-- Conversation memory: sessions and turns, as recorded by the orchestrator. Source of truth; search indexes are derived.
CREATE TABLE conversation_session (
    tenant      TEXT        NOT NULL,
    session_id  UUID        NOT NULL,
    user_id     TEXT        NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, session_id)
);
CREATE INDEX conversation_session_user ON conversation_session (tenant, user_id, started_at);

CREATE TABLE conversation_turn (
    tenant      TEXT        NOT NULL,
    turn_id     UUID        NOT NULL,
    session_id  UUID        NOT NULL,
    user_id     TEXT        NOT NULL,
    sequence    BIGINT      NOT NULL,
    speaker     TEXT        NOT NULL CHECK (speaker IN ('user', 'agent')),
    text        TEXT        NOT NULL,
    spoken_at   TIMESTAMPTZ NOT NULL,
    stored_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, turn_id),
    FOREIGN KEY (tenant, session_id) REFERENCES conversation_session (tenant, session_id) ON DELETE CASCADE
);
CREATE INDEX conversation_turn_session ON conversation_turn (tenant, session_id, sequence);
CREATE INDEX conversation_turn_user_time ON conversation_turn (tenant, user_id, spoken_at);
