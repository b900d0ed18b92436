-- Compute (seed 002): the catalogs a server is built from and the servers themselves.
-- Catalog items belong to the account (project) they were created in, or to every account when
-- project is NULL (public). Ids are the last path segment of the seed's absolute refs.
CREATE TABLE compute_flavors (
    id           text PRIMARY KEY,
    project      text,
    name         text        NOT NULL,
    cpu_cores    integer     NOT NULL DEFAULT 0,
    ram_gib      integer     NOT NULL DEFAULT 0,
    gpu_count    integer     NOT NULL DEFAULT 0,
    gpu_model    text,
    created_at   timestamptz NOT NULL
);

CREATE TABLE compute_images (
    id           text PRIMARY KEY,
    project      text,
    name         text        NOT NULL,
    boot_method  text        NOT NULL,  -- Pxe | UefiHttp | VirtualMedia
    boot_uri     text,                  -- HttpBootUri (UefiHttp) or the media image URL (VirtualMedia)
    created_at   timestamptz NOT NULL
);

CREATE TABLE compute_security_groups (
    id           text PRIMARY KEY,
    project      text,
    name         text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL
);

-- A server on demand: an enrolled machine (host_id = the servers read model's id) booted into an image.
-- Catalog names and the boot method are copied at create time so that a server reads and builds the
-- same after its catalog items change. phase is the build/release state machine's step; the worker
-- that drives it claims a row with a lease, so a build survives a restart of the service.
-- Other packages (node pools, seed 003) read id, project, status, host_id and name.
CREATE TABLE compute_servers (
    id                   text PRIMARY KEY,
    project              text        NOT NULL,
    name                 text        NOT NULL,
    status               text        NOT NULL,  -- BUILD | ACTIVE | ERROR | UNKNOWN | DELETED
    progress             integer     NOT NULL DEFAULT 0,
    host_id              text,                  -- the machine held; NULL once released
    user_id              text,
    zone                 text,
    image_id             text        NOT NULL,
    image_name           text        NOT NULL,
    flavor_id            text        NOT NULL,
    flavor_name          text        NOT NULL,
    security_group_id    text        NOT NULL,
    boot_method          text        NOT NULL,
    boot_uri             text,
    admin_pass_hash      text        NOT NULL,
    addresses            jsonb       NOT NULL DEFAULT '{}',
    access_ipv4          text,
    fault_code           integer,
    fault_message        text,
    fault_details        text,
    fault_at             timestamptz,
    phase                text        NOT NULL,  -- allocated | booting | running | releasing | released
    phase_deadline       timestamptz,
    next_step_at         timestamptz,
    lease_owner          text,
    lease_until          timestamptz,
    created_at           timestamptz NOT NULL,
    active_at            timestamptz,
    updated_at           timestamptz NOT NULL
);
-- a machine is held by at most one server, whatever the allocation path
CREATE UNIQUE INDEX compute_servers_host_idx ON compute_servers (host_id) WHERE host_id IS NOT NULL;
CREATE INDEX compute_servers_project_idx ON compute_servers (project, created_at);
CREATE INDEX compute_servers_work_idx ON compute_servers (next_step_at) WHERE phase IN ('allocated', 'booting', 'releasing');

-- What inspection found of each machine (hardwareSpecs and NICs as in server.inspected): flavors are matched against it.
ALTER TABLE servers ADD COLUMN hardware jsonb;
