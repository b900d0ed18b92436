-- Inventory deleted a machine that a server on demand still holds: it is released (powered off, override cleared,
-- media ejected) before its row goes, and inventory hears "released" to finish its deletion.
ALTER TABLE servers ADD COLUMN removal_pending boolean NOT NULL DEFAULT false;
