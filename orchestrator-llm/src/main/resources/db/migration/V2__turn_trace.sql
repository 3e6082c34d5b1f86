-- How each answer was produced (route, specialist calls, composition, timings), written with the answer.
CREATE TABLE turn_trace (
    tenant      TEXT        NOT NULL,
    turn_id     UUID        NOT NULL,
    session_id  UUID        NOT NULL,
    trace       JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, turn_id)
);
CREATE INDEX turn_trace_session ON turn_trace (tenant, session_id);
