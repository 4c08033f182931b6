-- V1 was the skeleton's placeholder for client reports; no endpoint ever wrote to it, so it is replaced whole by
-- the shape the download client sends.
DROP TABLE download_reports;

-- What a download client reports after fetching one file entry from the cloud.
CREATE TABLE download_reports (
    id          uuid        PRIMARY KEY,
    -- the sender, as the gateway vouched for it: a user's figures count only their own reports
    user_id     text        NOT NULL,
    task_id     uuid        NOT NULL,
    file_id     uuid        NOT NULL,
    file_size   bigint      NOT NULL CHECK (file_size >= 0),
    -- transferred in this run: fewer than file_size when resumed
    bytes       bigint      NOT NULL CHECK (bytes >= 0),
    duration_ms bigint      NOT NULL CHECK (duration_ms > 0),
    avg_bps     bigint      NOT NULL CHECK (avg_bps >= 0),
    peak_bps    bigint      NOT NULL CHECK (peak_bps >= 0),
    connections integer     NOT NULL CHECK (connections BETWEEN 1 AND 64),
    result      text        NOT NULL CHECK (result IN ('SUCCESS', 'FAILURE', 'INTERRUPTED')),
    error       text,
    resumed     boolean     NOT NULL,
    client      text,
    -- the database's clock: the per-user rate limit counts on it too
    received_at timestamptz NOT NULL DEFAULT now()
);

-- a user's figures and rate limit, over a time window
CREATE INDEX download_reports_by_user_and_time ON download_reports (user_id, received_at);
-- the farm's figures
CREATE INDEX download_reports_by_time ON download_reports (received_at);

-- Each task's outcome, from task-management's TaskSettled; the primary key makes a replayed event harmless.
CREATE TABLE settled_tasks (
    task_id      uuid        PRIMARY KEY,
    owner        text        NOT NULL,
    source_type  text        NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('COMPLETED', 'FAILED')),
    -- stored, revalidated, changed; null when nothing stored answered and it was fetched
    reuse        text,
    bytes        bigint      NOT NULL CHECK (bytes >= 0),
    job_id       uuid,
    worker       text,
    failure_type text,
    submitted_at timestamptz,
    settled_at   timestamptz NOT NULL,
    -- derived when stored (SettledTask): the farm's fetch speed, null when not fetched; a dedup hit
    fetch_bps    bigint,
    dedup_hit    boolean     NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX settled_tasks_by_owner_and_time ON settled_tasks (owner, settled_at);
CREATE INDEX settled_tasks_by_time ON settled_tasks (settled_at);

-- How each job ended on its worker, from task-distribution's fenced JobCompleted/JobFailed: the farm's byWorker.
CREATE TABLE job_outcomes (
    job_id       uuid        PRIMARY KEY,
    worker       text        NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('COMPLETED', 'FAILED')),
    -- the size of the files the job stored (0 when it failed)
    bytes        bigint      NOT NULL CHECK (bytes >= 0),
    failure_type text,
    ended_at     timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX job_outcomes_by_time ON job_outcomes (ended_at);
