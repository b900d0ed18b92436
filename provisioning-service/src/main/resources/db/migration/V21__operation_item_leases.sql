-- Scale-out of fleet operations: a running item is leased to its replica until lease_until, and the
-- replica renews the lease while the command runs. Any replica takes over an item whose lease ran out
-- (its replica crashed or lost the database) and a pending item whose command was not started in time.
ALTER TABLE operation_items ADD COLUMN lease_until timestamptz;
UPDATE operation_items SET lease_until = started_at + interval '2 minutes' WHERE state = 'running';

-- the takeover sweep reads only the open items of running operations
CREATE INDEX operations_running_idx ON operations (created_at) WHERE state = 'running';
CREATE INDEX operation_items_lease_idx ON operation_items (lease_until) WHERE state = 'running';
