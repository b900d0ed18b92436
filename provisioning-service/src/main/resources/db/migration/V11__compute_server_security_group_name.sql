-- The security group's name is copied at create time like the image's and the flavor's.
ALTER TABLE compute_servers ADD COLUMN security_group_name text;
