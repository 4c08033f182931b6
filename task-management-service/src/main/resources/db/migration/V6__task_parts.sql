-- Files a torrent task takes from jobs other than its own: stored by an earlier job, or being fetched by a job for
-- another selection of the same torrent, while the task's own job fetches only the rest of its selection.
CREATE TABLE task_parts (
    task_id  uuid      NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    job_id   uuid      NOT NULL REFERENCES jobs (id),
    wanted   integer[] NOT NULL,
    PRIMARY KEY (task_id, job_id)
);

-- The straggler finisher and job outcomes look for the tasks that take parts from a job.
CREATE INDEX task_parts_job ON task_parts (job_id);
