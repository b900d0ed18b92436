-- A TLS pin taken on first contact is recorded by the BMC's endpoint. Without an index each of those updates read
-- the whole table: 10,000 HTTPS enrollments at once cost PostgreSQL 50 CPU-seconds and starved the pool.
CREATE INDEX servers_bmc_endpoint_idx ON servers (bmc_endpoint);
