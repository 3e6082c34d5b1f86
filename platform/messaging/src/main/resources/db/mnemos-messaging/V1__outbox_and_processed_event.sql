-- Tables of mnemos-messaging. Applied by the module's own Flyway instance (history table
-- mnemos_messaging_schema_history) in the service's schema, after the service's own migrations.

-- Transactional outbox: a row is written in the same transaction as the state change it announces;
-- the relay publishes it to Kafka and then sets published_at.
CREATE TABLE outbox_event (
    id           uuid        PRIMARY KEY,               -- the envelope's event id (UUIDv7)
    topic        text        NOT NULL,
    record_key   text        NOT NULL,                  -- Kafka record key: tenant:entity
    type         text        NOT NULL,                  -- event type name
    envelope     jsonb       NOT NULL,                  -- the whole EventEnvelope, sent as the record value
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at timestamptz,                           -- null until the broker acknowledged the record
    attempts     integer     NOT NULL DEFAULT 0,        -- send attempts so far
    last_error   text                                   -- last send failure, null if none
);

-- The relay reads unpublished rows in (created_at, id) order; the partial index keeps that cheap
-- however many published rows wait for deletion.
CREATE INDEX outbox_event_unpublished_idx ON outbox_event (created_at, id) WHERE published_at IS NULL;
-- Retention cleanup of published rows.
CREATE INDEX outbox_event_published_idx ON outbox_event (published_at) WHERE published_at IS NOT NULL;

-- Idempotent consumer: one row per (consumer, event) processed, written in the same transaction as
-- the consumer's effects, so a redelivered event is recognised and skipped.
CREATE TABLE processed_event (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX processed_event_processed_at_idx ON processed_event (processed_at);
