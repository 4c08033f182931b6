-- BitTorrent and eD2k: a job's files carry their index in the torrent and their eD2k hash, and the content
-- index keys a stored file also by itself (btih:<hex>#<index>, ed2k:<hex>), so that a task for a subset of a
-- torrent or an ed2k link of any stored file is answered at once. One job's file may now sit under several keys.
ALTER TABLE job_files ADD COLUMN torrent_index integer;
ALTER TABLE job_files ADD COLUMN ed2k char(32);

ALTER TABLE content_index ADD COLUMN torrent_index integer;
ALTER TABLE content_index ADD COLUMN ed2k char(32);
ALTER TABLE content_index DROP CONSTRAINT content_index_pkey;
CREATE UNIQUE INDEX content_index_key_job_position ON content_index (md5(source_key), job_id, position);
CREATE INDEX content_index_job ON content_index (job_id);

-- The torrent files a task wants of its job (null: all of them): a task for files 0 and 3 may be answered by a
-- job that fetched the whole torrent, or join one fetching a larger selection.
ALTER TABLE tasks ADD COLUMN wanted_files integer[];

-- Jobs in flight for one torrent, whatever their file selection: a task for some files may join one fetching more.
CREATE INDEX jobs_in_flight_by_torrent ON jobs (left(source_key, 45))
    WHERE status IN ('QUEUED', 'DOWNLOADING') AND source_key LIKE 'btih:%';
