-- Certificate authorities: one line per generation of a project's or a cluster's CA. The signing CA of
-- an owner at time t is the highest generation whose signs_from <= t; an older generation stays in the
-- trust bundle until its last certificate expires (then the sweep marks it retired).
CREATE TABLE cas (
    id               uuid PRIMARY KEY,
    owner_type       varchar(16)  NOT NULL CHECK (owner_type IN ('project', 'cluster')),
    owner_id         varchar(128) NOT NULL,
    generation       int          NOT NULL,
    status           varchar(16)  NOT NULL CHECK (status IN ('active', 'retired')),
    key_algorithm    varchar(16)  NOT NULL,
    subject          text         NOT NULL,
    serial           varchar(40)  NOT NULL,
    certificate_pem  text         NOT NULL,
    -- AES-256-GCM under the key-encryption key named by key_id; associated data = the CA id.
    private_key      bytea        NOT NULL,
    key_id           varchar(64)  NOT NULL,
    not_before       timestamptz  NOT NULL,
    not_after        timestamptz  NOT NULL,
    signs_from       timestamptz  NOT NULL,
    crl_number       bigint       NOT NULL DEFAULT 0,
    created_at       timestamptz  NOT NULL,
    retired_at       timestamptz,
    UNIQUE (owner_type, owner_id, generation)
);

-- Clusters learnt from identity-service's cluster.registered (their domain is a name nodes may claim).
CREATE TABLE clusters (
    cluster_id     varchar(128) PRIMARY KEY,
    provider_id    varchar(128),
    domain         varchar(253),
    admin_user_id  varchar(128),
    registered_at  timestamptz NOT NULL
);

-- Every certificate issued under a CA (products and nodes). Serials are 127-bit random.
CREATE TABLE certificates (
    serial             varchar(40)  PRIMARY KEY,
    ca_id              uuid         NOT NULL REFERENCES cas (id),
    kind               varchar(16)  NOT NULL CHECK (kind IN ('product', 'node')),
    project_id         varchar(64),
    cluster_id         varchar(128),
    product_id         uuid,
    node_name          varchar(63),
    subject            text         NOT NULL,
    sans               text         NOT NULL DEFAULT '[]',
    public_key_sha256  varchar(64)  NOT NULL,
    not_before         timestamptz  NOT NULL,
    not_after          timestamptz  NOT NULL,
    certificate_pem    text         NOT NULL,
    status             varchar(16)  NOT NULL CHECK (status IN ('valid', 'revoked', 'expired')),
    revoked_at         timestamptz,
    revocation_reason  int,
    renewed_from       varchar(40),
    created_at         timestamptz  NOT NULL
);
CREATE INDEX certificates_revoked_idx ON certificates (ca_id) WHERE status = 'revoked';
CREATE INDEX certificates_live_idx ON certificates (ca_id, not_after) WHERE status = 'valid';

-- Products of seed 001. The private key is never stored; the identifier only as its SHA-256.
CREATE TABLE products (
    id                  uuid PRIMARY KEY,
    seq                 bigserial    NOT NULL,
    project_id          varchar(64)  NOT NULL,
    name                varchar(26)  NOT NULL,
    description         text         NOT NULL,
    attributes          text         NOT NULL,
    tags                text         NOT NULL,
    ief_instance_id     varchar(64),
    certificate_serial  varchar(40)  NOT NULL REFERENCES certificates (serial),
    identifier_hash     varchar(64)  NOT NULL,
    created_at          timestamptz  NOT NULL,
    UNIQUE (project_id, name)
);
CREATE INDEX products_project_idx ON products (project_id, seq);
