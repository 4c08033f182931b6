-- The swarm a BitTorrent job's worker is connected to, shown on the tasks attached to it (null for other sources).
ALTER TABLE tasks ADD COLUMN peers integer;
ALTER TABLE tasks ADD COLUMN seeds integer;
