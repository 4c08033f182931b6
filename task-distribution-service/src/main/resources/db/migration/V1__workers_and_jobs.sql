-- The farm as its heartbeats describe it: one row per worker, replaced by each newer heartbeat.
CREATE TABLE workers (
    id              text PRIMARY KEY,
    address         text             NOT NULL,
    free_disk_bytes bigint           NOT NULL,
    cpu_load        double precision NOT NULL,
    active_jobs     integer          NOT NULL,
    capacity        integer          NOT NULL,
    last_seen_at    timestamptz      NOT NULL
);

-- Jobs to hand out. lease_epoch/lease_until are the fencing token and deadline of the current
-- assignment: the seam for moving the jobs of a silent worker on (failover).
CREATE TABLE jobs (
    job_id       uuid PRIMARY KEY,
    source_key   text        NOT NULL,
    source       jsonb       NOT NULL,
    status       text        NOT NULL CHECK (status IN ('WAITING', 'ASSIGNED', 'DONE')),
    worker_id    text,
    lease_epoch  bigint      NOT NULL DEFAULT 0,
    lease_until  timestamptz,
    requested_at timestamptz NOT NULL,
    assigned_at  timestamptz
);

CREATE INDEX jobs_waiting_oldest_first ON jobs (requested_at) WHERE status = 'WAITING';
CREATE INDEX jobs_assigned_by_time ON jobs (assigned_at) WHERE status = 'ASSIGNED';
CREATE INDEX jobs_assigned_by_worker ON jobs (worker_id) WHERE status = 'ASSIGNED';
