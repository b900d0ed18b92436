-- Users, service accounts and the issuer's signing keys.
CREATE TABLE users (
    id             varchar(32)  PRIMARY KEY,
    username       varchar(64)  NOT NULL UNIQUE,
    password_hash  text         NOT NULL,
    roles          text         NOT NULL,   -- JSON array of admin|operator|viewer
    projects       text         NOT NULL,   -- JSON array of project ids, or ["*"]
    created_at     timestamptz  NOT NULL
);

CREATE TABLE service_accounts (
    client_id      varchar(64)  PRIMARY KEY,
    name           varchar(64)  NOT NULL,
    secret_hash    varchar(64)  NOT NULL,   -- HMAC-SHA-256 under the server's pepper, hex
    roles          text         NOT NULL,
    projects       text         NOT NULL,
    created_by     varchar(32)  NOT NULL,
    created_at     timestamptz  NOT NULL
);

-- state: active (the one signing key), retiring (published until publish_until), retired (gone from the JWKS).
CREATE TABLE signing_keys (
    kid            varchar(64)  PRIMARY KEY,
    algorithm      varchar(16)  NOT NULL,
    public_jwk     text         NOT NULL,
    private_key    bytea,                   -- AES-256-GCM under the key-encryption key; NULL once retired
    state          varchar(16)  NOT NULL,
    created_at     timestamptz  NOT NULL,
    retired_at     timestamptz,
    publish_until  timestamptz
);
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys ((true)) WHERE state = 'active';

-- Providers, their clusters and the registration tokens (seed 004).
CREATE TABLE registration_tokens (
    id             varchar(32)  PRIMARY KEY,
    secret_hash    varchar(64)  NOT NULL,
    issuer_user_id varchar(32)  NOT NULL,
    created_at     timestamptz  NOT NULL,
    expires_at     timestamptz  NOT NULL,
    consumed_at    timestamptz,
    consumed_by    varchar(32),
    revoked_at     timestamptz
);
CREATE INDEX registration_tokens_issuer_idx ON registration_tokens (issuer_user_id);

CREATE TABLE providers (
    id                     varchar(32)  PRIMARY KEY,
    name                   varchar(50)  NOT NULL,
    admin_email            varchar(254) NOT NULL,
    subdomain_delegation   boolean      NOT NULL,
    subdomain              varchar(63),
    domain                 varchar(253) NOT NULL,
    op_worker_ip_addresses text         NOT NULL,
    op_worker_port         integer,
    one_s3_ip_addresses    text         NOT NULL,
    one_s3_port            integer,
    latitude               double precision,
    longitude              double precision,
    admin_user_id          varchar(32)  NOT NULL,
    root_token_hash        varchar(64)  NOT NULL,
    created_at             timestamptz  NOT NULL
);
CREATE UNIQUE INDEX providers_subdomain_idx ON providers (subdomain) WHERE subdomain IS NOT NULL;
CREATE INDEX providers_admin_idx ON providers (admin_user_id);

CREATE TABLE clusters (
    id             varchar(32)  PRIMARY KEY REFERENCES providers (id) ON DELETE CASCADE,
    type           varchar(16)  NOT NULL,
    provider_id    varchar(32)  NOT NULL,
    admin_user_id  varchar(32)  NOT NULL,
    created_at     timestamptz  NOT NULL
);
CREATE INDEX clusters_admin_idx ON clusters (admin_user_id);
