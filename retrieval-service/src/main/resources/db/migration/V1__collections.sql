-- Collections, their documents and NDJSON bulk ingestion jobs. Chunks and vectors live in the per-tenant Lucene
-- index (keyed by collection id, so a re-created collection never sees chunks of a deleted one).

CREATE TABLE collection (
    id         uuid        PRIMARY KEY,
    tenant     text        NOT NULL,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT collection_tenant_name UNIQUE (tenant, name)
);

CREATE TABLE document (
    collection_id uuid        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    document_id   text        NOT NULL,
    title         text        NOT NULL,
    metadata      jsonb       NOT NULL DEFAULT '{}',
    media_type    text,
    chunks        integer     NOT NULL,
    characters    bigint      NOT NULL,
    source        text        NOT NULL,
    version       integer     NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    indexed_at    timestamptz NOT NULL,
    PRIMARY KEY (collection_id, document_id)
);

CREATE TABLE ingestion_job (
    id            uuid        PRIMARY KEY,
    tenant        text        NOT NULL,
    collection_id uuid        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    status        text        NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    total         integer     NOT NULL,
    next_index    integer     NOT NULL DEFAULT 0,
    succeeded     integer     NOT NULL DEFAULT 0,
    failed        integer     NOT NULL DEFAULT 0,
    chunks        bigint      NOT NULL DEFAULT 0,
    errors        jsonb       NOT NULL DEFAULT '[]',
    -- the validated NDJSON body, kept until the job ends so a restart resumes it at next_index
    payload       bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ingestion_job_unfinished ON ingestion_job (created_at) WHERE status IN ('queued', 'running');
