-- The files a completed job stored, kept with the job: the finisher mints each waiting task's entry
-- addresses from them after the completion committed, even once the content index has moved on to a
-- newer job of the same source key.
CREATE TABLE job_files (
    job_id    uuid     NOT NULL REFERENCES jobs (id),
    position  integer  NOT NULL,
    path      text     NOT NULL,
    size      bigint   NOT NULL,
    sha256    char(64) NOT NULL,
    PRIMARY KEY (job_id, position)
);

-- Jobs completed before this table existed: their files are still in the content index.
INSERT INTO job_files (job_id, position, path, size, sha256)
SELECT c.job_id, c.position, c.path, c.size, c.sha256
FROM content_index c
WHERE EXISTS (SELECT 1 FROM jobs j WHERE j.id = c.job_id);

-- Tasks still waiting: what progress reports update and what the finisher looks for once the job completed.
CREATE INDEX tasks_in_flight_by_job ON tasks (job_id) WHERE status IN ('QUEUED', 'DOWNLOADING');

-- An email the relay kept refusing is given up (FAILED) after a bounded number of attempts.
ALTER TABLE notifications
    ADD COLUMN status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED'));
UPDATE notifications SET status = 'SENT' WHERE sent_at IS NOT NULL;
DROP INDEX notifications_pending;
CREATE INDEX notifications_pending ON notifications (next_attempt_at) WHERE status = 'PENDING';
