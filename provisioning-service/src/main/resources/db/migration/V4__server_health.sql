-- What the power-state sync last saw of each BMC: reachable or not, for server.health-changed on changes only.
ALTER TABLE servers ADD COLUMN health varchar(16);
