-- The swarm a BitTorrent job's worker is connected to, shown on the tasks attached to it (null for other sources).
ALTER TABLE tasks ADD COLUMN peers integer;
ALTER TABLE tasks ADD COLUMN seeds integer;

-- Files of a torrent task that stored content already held when it was submitted: taken from the completed job that
-- stored them, while the task's own job fetches only the rest of its selection.
CREATE TABLE task_parts (
    task_id  uuid      NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    job_id   uuid      NOT NULL REFERENCES jobs (id),
    wanted   integer[] NOT NULL,
    PRIMARY KEY (task_id, job_id)
);
