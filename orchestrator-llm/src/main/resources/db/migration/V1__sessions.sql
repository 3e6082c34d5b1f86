-- Sessions and turns the orchestrator accepted. A turn row and its conversation.turn.recorded event are written in
-- one transaction (outbox), so an accepted turn is never lost and never half-recorded.
CREATE TABLE session (
    tenant      TEXT        NOT NULL,
    session_id  UUID        NOT NULL,
    user_id     TEXT        NOT NULL,
    locale      TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    turn_count  BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, session_id)
);

CREATE TABLE turn (
    tenant       TEXT        NOT NULL,
    turn_id      UUID        NOT NULL,
    session_id   UUID        NOT NULL,
    sequence     BIGINT      NOT NULL,
    text         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    status       TEXT        NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted', 'answered')),
    answer       TEXT,
    answered_at  TIMESTAMPTZ,
    PRIMARY KEY (tenant, turn_id),
    UNIQUE (tenant, session_id, sequence),
    FOREIGN KEY (tenant, session_id) REFERENCES session (tenant, session_id) ON DELETE CASCADE
);
