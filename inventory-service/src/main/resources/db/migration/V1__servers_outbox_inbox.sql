-- Servers enrolled by their BMC address (seed 000). One row per server; the BMC endpoint in its
-- normalized form (scheme://host:port) is unique per region and project, so the same BMC written
-- as "10.0.0.1", "10.0.0.1:443" or "https://10.0.0.1" is one server.
CREATE TABLE servers (
    uid                     uuid PRIMARY KEY,
    seq                     bigserial    NOT NULL UNIQUE,
    id                      varchar(16)  NOT NULL UNIQUE,
    region                  varchar(63)  NOT NULL,
    project                 varchar(63)  NOT NULL,
    display_name            varchar(256),
    description             varchar(1024),
    bmc_address             varchar(300) NOT NULL,
    bmc_endpoint            varchar(300) NOT NULL,
    credentials             bytea,
    credentials_key_id      varchar(64),
    hardware_specs          jsonb        NOT NULL DEFAULT '{"cpu":{},"ram":{},"gpu":{}}',
    provisioning_state      varchar(32)  NOT NULL,
    health_status           varchar(32)  NOT NULL,
    health_checked_at       timestamptz,
    health_failure_reasons  text         NOT NULL DEFAULT '[]',
    tags                    jsonb        NOT NULL DEFAULT '{}',
    persona                 varchar(63),
    created_at              timestamptz  NOT NULL,
    updated_at              timestamptz  NOT NULL,
    version                 bigint       NOT NULL DEFAULT 0,
    CONSTRAINT servers_bmc_endpoint_unique UNIQUE (region, project, bmc_endpoint)
);
-- Keyset pagination walks seq (enrollment order; a batch keeps its request order) inside one project.
CREATE INDEX servers_page_idx ON servers (region, project, seq);
CREATE INDEX servers_tags_idx ON servers USING gin (tags jsonb_path_ops);

-- Default BMC credentials of a project, encrypted like the per-server ones.
CREATE TABLE project_bmc_credentials (
    region              varchar(63) NOT NULL,
    project             varchar(63) NOT NULL,
    username_hint       varchar(64) NOT NULL,
    credentials         bytea       NOT NULL,
    credentials_key_id  varchar(64) NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (region, project)
);

-- Transactional outbox: written in the same transaction as the change it announces, relayed to
-- Kafka in seq order and then marked sent.
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

-- Inbox: ids of the CloudEvents already applied, so that a redelivered event changes nothing.
CREATE TABLE inbox (
    event_id      varchar(256) PRIMARY KEY,
    type          varchar(64)  NOT NULL,
    processed_at  timestamptz  NOT NULL
);
