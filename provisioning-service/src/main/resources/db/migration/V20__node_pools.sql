-- Node pools and jobs (seed 003). Clusters are known from identity's cluster.registered (a deleted
-- provider's cluster stays as 'deleted' so that a late event cannot revive it); node pools belong to a
-- project and a registered cluster; a server (seed 002's compute_servers.id) is in at most one pool
-- (pool_nodes' primary key), which is what makes two concurrent adds of one server fail cleanly.
CREATE TABLE np_clusters (
    id             varchar(64)  PRIMARY KEY,
    provider_id    varchar(64),
    domain         varchar(253),
    state          varchar(16)  NOT NULL,   -- active | deleted
    registered_at  timestamptz  NOT NULL,
    updated_at     timestamptz  NOT NULL
);

CREATE TABLE node_pools (
    id          uuid         PRIMARY KEY,
    project     varchar(64)  NOT NULL,
    cluster_id  varchar(64)  NOT NULL REFERENCES np_clusters (id),
    name        varchar(50)  NOT NULL,
    spec        jsonb        NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    UNIQUE (project, cluster_id, name)
);

-- One row per server in a pool: joining (its key sealed here, AES-256-GCM under the node-key
-- encryption key, bound to the server id) until its certificate is issued, then joined. A failed join
-- deletes the row, so the server can be added again.
CREATE TABLE pool_nodes (
    server_id           text         PRIMARY KEY,
    pool_id             uuid         NOT NULL REFERENCES node_pools (id),
    node_name           varchar(63)  NOT NULL,
    state               varchar(16)  NOT NULL,   -- joining | joined
    job_id              uuid         NOT NULL,
    key_id              varchar(64),
    key_sealed          text,
    certificate_serial  varchar(64),
    certificate         text,
    updated_at          timestamptz  NOT NULL
);
CREATE INDEX pool_nodes_pool_idx ON pool_nodes (pool_id);

-- Jobs (CCE Job): Initializing (keys and CSRs not made yet) → Running (node.joining sent) → Success | Failed.
CREATE TABLE np_jobs (
    id            uuid         PRIMARY KEY,
    project       varchar(64)  NOT NULL,
    cluster_id    varchar(64)  NOT NULL,
    pool_id       uuid         NOT NULL,
    pool_name     varchar(50)  NOT NULL,
    type          varchar(32)  NOT NULL,
    phase         varchar(16)  NOT NULL,
    reason        text,
    deadline      timestamptz  NOT NULL,
    created_by    varchar(256),
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL
);
CREATE INDEX np_jobs_open_idx ON np_jobs (phase, created_at) WHERE phase IN ('Initializing', 'Running');

CREATE TABLE np_job_nodes (
    job_id      uuid         NOT NULL REFERENCES np_jobs (id) ON DELETE CASCADE,
    server_id   text         NOT NULL,
    sub_job_id  uuid         NOT NULL,
    node_name   varchar(63)  NOT NULL,
    phase       varchar(16)  NOT NULL,
    reason      text,
    position    integer      NOT NULL,
    updated_at  timestamptz  NOT NULL,
    PRIMARY KEY (job_id, server_id)
);
