-- Fleet operations (batchPower): one row per operation, one item per server. Items are the work list
-- the bmc.command consumers claim (pending → running → succeeded | failed | cancelled); a running item
-- whose replica stopped is claimed again after the lease.
CREATE TABLE operations (
    id                varchar(64)  PRIMARY KEY,
    region            varchar(63)  NOT NULL,
    project           varchar(63)  NOT NULL,
    action            varchar(32),
    boot_target       varchar(32),
    boot_enabled      varchar(16),
    http_boot_uri     varchar(2048),
    state             varchar(16)  NOT NULL,
    total             integer      NOT NULL,
    created_by        varchar(256),
    created_at        timestamptz  NOT NULL,
    finished_at       timestamptz
);
CREATE INDEX operations_project_idx ON operations (region, project, created_at DESC);

CREATE TABLE operation_items (
    operation_id      varchar(64)  NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
    server_id         varchar(64)  NOT NULL,
    state             varchar(16)  NOT NULL,
    attempts          integer      NOT NULL DEFAULT 0,
    owner             varchar(64),
    started_at        timestamptz,
    finished_at       timestamptz,
    duration_ms       bigint,
    power_state       varchar(32),
    error             text,
    PRIMARY KEY (operation_id, server_id)
);
CREATE INDEX operation_items_open_idx ON operation_items (operation_id) WHERE state IN ('pending', 'running');
