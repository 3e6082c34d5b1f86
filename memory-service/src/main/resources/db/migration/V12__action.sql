-- Action memory (io.mnemos.memory.action): recorded traces, replay scripts compiled from them, and replay runs.

CREATE TABLE action_trace (
    id          uuid PRIMARY KEY,
    tenant      text        NOT NULL,
    user_id     text,
    task        text        NOT NULL,
    steps       jsonb       NOT NULL, -- [{target{system, location, element}, action, params{}, preState, postState}]
    success     boolean     NOT NULL,
    recorded_at timestamptz NOT NULL
);

CREATE INDEX action_trace_tenant_idx ON action_trace (tenant, recorded_at);

CREATE TABLE replay_script (
    id              uuid PRIMARY KEY,
    tenant          text        NOT NULL,
    task_pattern    text        NOT NULL, -- task with slot values replaced by {slotN}
    task            text        NOT NULL, -- task text of the source trace
    slots           jsonb       NOT NULL,
    steps           jsonb       NOT NULL, -- [{target, action, params (templates), expectedPreState, expectedPostState}]
    embedding       bytea,                -- float32 little-endian embedding of task
    source_trace_id uuid REFERENCES action_trace (id) ON DELETE SET NULL,
    runs            integer     NOT NULL DEFAULT 0,
    successes       integer     NOT NULL DEFAULT 0,
    recent          text        NOT NULL DEFAULT '', -- outcomes of the latest runs, 'S'/'F', oldest first
    status          text        NOT NULL CHECK (status IN ('ACTIVE', 'RETIRED')),
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL DEFAULT 0
);

CREATE INDEX replay_script_tenant_idx ON replay_script (tenant, status, created_at);

CREATE TABLE replay_run (
    id             uuid PRIMARY KEY,
    tenant         text        NOT NULL,
    script_id      uuid        NOT NULL REFERENCES replay_script (id) ON DELETE CASCADE,
    task           text        NOT NULL,
    bindings       jsonb       NOT NULL,
    status         text        NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'DIVERGED')),
    next_step      integer     NOT NULL,
    steps_replayed integer     NOT NULL,
    diverged_at    integer,
    divergence     text,
    branches       integer     NOT NULL DEFAULT 0,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    version        bigint      NOT NULL DEFAULT 0
);

CREATE INDEX replay_run_script_idx ON replay_run (tenant, script_id, started_at);
