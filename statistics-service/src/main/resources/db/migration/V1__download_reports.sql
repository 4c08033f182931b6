-- What clients report after fetching a task's files from the cloud: the raw facts aggregates are built from.

CREATE TABLE download_reports (
    -- chosen by the client, so a report sent twice (a retry after a lost answer) is stored once
    id          uuid        PRIMARY KEY,
    user_id     text        NOT NULL,
    task_id     uuid        NOT NULL,
    bytes       bigint      NOT NULL CHECK (bytes >= 0),
    duration_ms bigint      NOT NULL CHECK (duration_ms >= 0),
    avg_bps     bigint      NOT NULL CHECK (avg_bps >= 0),
    reported_at timestamptz NOT NULL DEFAULT now()
);

-- aggregates are per user over a time window
CREATE INDEX download_reports_by_user_and_time ON download_reports (user_id, reported_at);
