-- What each worker's downloads fetched per second over its last heartbeat interval, and the engines it runs
-- (Engine names): placement prefers a worker whose network is less busy and never gives a job to a worker without an
-- engine its source can be fetched with. A row from before is a worker that predates both, which ran every engine.
ALTER TABLE workers ADD COLUMN bytes_per_second bigint NOT NULL DEFAULT 0;
ALTER TABLE workers ADD COLUMN engines text[] NOT NULL DEFAULT '{HTTP,FTP,BITTORRENT}';
