-- The event plumbing every service has (DESIGN.md §2): a transactional outbox relayed to Kafka in
-- seq order, and an inbox of applied CloudEvents ids so that consumers are idempotent.
CREATE TABLE outbox (
    seq           bigserial PRIMARY KEY,
    event_id      uuid         NOT NULL UNIQUE,
    topic         varchar(128) NOT NULL,
    aggregate_id  varchar(64)  NOT NULL,
    type          varchar(64)  NOT NULL,
    payload       jsonb        NOT NULL,
    created_at    timestamptz  NOT NULL,
    sent_at       timestamptz
);
CREATE INDEX outbox_unsent_idx ON outbox (seq) WHERE sent_at IS NULL;

CREATE TABLE inbox (
    event_id      varchar(256) PRIMARY KEY,
    type          varchar(64)  NOT NULL,
    processed_at  timestamptz  NOT NULL
);
