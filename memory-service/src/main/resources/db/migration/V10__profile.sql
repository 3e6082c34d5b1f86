-- Profile memory (io.mnemos.memory.profile): versioned facts about users, and contradictions between them.
-- Every row carries its tenant; every query filters by it.

CREATE TABLE profile_fact (
    id               uuid PRIMARY KEY,
    tenant           text             NOT NULL,
    user_id          text             NOT NULL,
    attribute        text             NOT NULL,
    value            text             NOT NULL,
    normalized_value text             NOT NULL,
    polarity         smallint         NOT NULL CHECK (polarity IN (-1, 1)),
    confidence       double precision NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    evidence_count   integer          NOT NULL DEFAULT 1,
    source           text             NOT NULL,
    source_turn_id   text,
    valid_from       timestamptz      NOT NULL,
    valid_to         timestamptz,
    last_observed_at timestamptz      NOT NULL,
    status           text             NOT NULL CHECK (status IN ('ACTIVE', 'SUPERSEDED', 'REJECTED', 'RETRACTED')),
    supersedes       uuid REFERENCES profile_fact (id) ON DELETE SET NULL,
    superseded_by    uuid REFERENCES profile_fact (id) ON DELETE SET NULL,
    -- float32 little-endian embedding of "attribute: [not] value" (the in-memory DisGraph is rebuilt from it)
    embedding        bytea,
    version          bigint           NOT NULL DEFAULT 0,
    created_at       timestamptz      NOT NULL,
    updated_at       timestamptz      NOT NULL
);

CREATE INDEX profile_fact_user_attr_idx ON profile_fact (tenant, user_id, attribute, valid_from);
CREATE INDEX profile_fact_current_idx ON profile_fact (tenant, user_id) WHERE status = 'ACTIVE';
-- At most one current fact per (attribute, value, polarity): duplicates merge.
CREATE UNIQUE INDEX profile_fact_current_uq
    ON profile_fact (tenant, user_id, attribute, normalized_value, polarity) WHERE status = 'ACTIVE';

CREATE TABLE profile_contradiction (
    id            uuid PRIMARY KEY,
    tenant        text        NOT NULL,
    user_id       text        NOT NULL,
    attribute     text        NOT NULL,
    fact_a        uuid        NOT NULL REFERENCES profile_fact (id) ON DELETE CASCADE,
    fact_b        uuid        NOT NULL REFERENCES profile_fact (id) ON DELETE CASCADE,
    reason        text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('OPEN', 'RESOLVED', 'OBSOLETE')),
    resolved_with uuid REFERENCES profile_fact (id) ON DELETE SET NULL,
    detected_at   timestamptz NOT NULL,
    resolved_at   timestamptz,
    version       bigint      NOT NULL DEFAULT 0
);

CREATE INDEX profile_contradiction_user_idx ON profile_contradiction (tenant, user_id, status, detected_at);
CREATE INDEX profile_contradiction_fact_a_idx ON profile_contradiction (fact_a);
CREATE INDEX profile_contradiction_fact_b_idx ON profile_contradiction (fact_b);
