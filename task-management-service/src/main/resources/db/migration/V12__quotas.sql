-- Per-user quotas, read on every submit: a user's tasks in flight, and the bytes their valid completed tasks hold.
CREATE INDEX tasks_owner_in_flight ON tasks (owner) WHERE status IN ('QUEUED', 'DOWNLOADING');
CREATE INDEX tasks_owner_completed ON tasks (owner) INCLUDE (bytes_done, valid_until) WHERE status = 'COMPLETED';

-- The submits of the last minute, per user (the submits-per-minute quota), shared by every replica; older rows are
-- swept every minute.
CREATE TABLE recent_submits (
    id     uuid        PRIMARY KEY,
    owner  text        NOT NULL,
    at     timestamptz NOT NULL
);

CREATE INDEX recent_submits_owner_at ON recent_submits (owner, at);
CREATE INDEX recent_submits_at ON recent_submits (at);
