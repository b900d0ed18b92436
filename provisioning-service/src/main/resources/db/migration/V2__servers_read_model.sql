-- The local read model of enrolled servers, from inventory's server.enrolled/updated/deleted events:
-- what inspection, power operations and batchPower selectors work on. Credentials stay sealed as they
-- arrived (AES-256-GCM under the fleet seal key, bound to the server id) and are opened only in memory.
CREATE TABLE servers (
    id                  varchar(64)  PRIMARY KEY,
    region              varchar(63)  NOT NULL,
    project             varchar(63)  NOT NULL,
    bmc_endpoint        varchar(512) NOT NULL,
    credentials_key_id  varchar(64),
    credentials_sealed  text,
    tags                text         NOT NULL DEFAULT '{}',
    persona             varchar(64),
    provisioning_state  varchar(32)  NOT NULL,
    power_state         varchar(32),
    tls_fingerprint     varchar(64),
    inspected_at        timestamptz,
    updated_at          timestamptz  NOT NULL
);
CREATE INDEX servers_project_idx ON servers (region, project);
