-- Source keys can be up to 4096 characters, longer than a btree entry may be, so keys are indexed
-- through md5(source_key) and every lookup also compares the full key.

-- One cloud fetch of a source key; many tasks attach to one job.
CREATE TABLE jobs (
    id                uuid        PRIMARY KEY,
    source_key        text        NOT NULL,
    source            jsonb       NOT NULL,
    status            text        NOT NULL CHECK (status IN ('QUEUED', 'DOWNLOADING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    bytes_done        bigint      NOT NULL DEFAULT 0,
    bytes_total       bigint      NOT NULL DEFAULT -1,
    bytes_per_second  bigint      NOT NULL DEFAULT 0,
    progress_at       timestamptz,
    failure_type      text,
    failure_detail    text,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    finished_at       timestamptz
);

-- Backs up the advisory lock of the submit path: at most one job in flight per source key.
CREATE UNIQUE INDEX jobs_one_active_per_source_key ON jobs (md5(source_key))
    WHERE status IN ('QUEUED', 'DOWNLOADING');
CREATE INDEX jobs_source_key ON jobs (md5(source_key));

-- One user's request. While attached to a job in flight it mirrors the job's progress.
CREATE TABLE tasks (
    id                   uuid        PRIMARY KEY,
    owner                text        NOT NULL,
    source               text        NOT NULL,
    source_key           text        NOT NULL,
    job_id               uuid        REFERENCES jobs (id),
    status               text        NOT NULL CHECK (status IN ('QUEUED', 'DOWNLOADING', 'COMPLETED', 'FAILED', 'CANCELLED', 'EXPIRED')),
    bytes_done           bigint      NOT NULL DEFAULT 0,
    bytes_total          bigint      NOT NULL DEFAULT -1,
    bytes_per_second     bigint      NOT NULL DEFAULT 0,
    failure_type         text,
    failure_detail       text,
    notify_email         text,
    valid_days           integer     NOT NULL CHECK (valid_days BETWEEN 1 AND 365),
    idempotency_key      text,
    request_fingerprint  text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    completed_at         timestamptz
);

CREATE UNIQUE INDEX tasks_owner_idempotency_key ON tasks (owner, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX tasks_owner_newest_first ON tasks (owner, created_at DESC, id DESC);
CREATE INDEX tasks_job ON tasks (job_id);

-- The result files of a completed task: one storage file entry (entry address) each.
CREATE TABLE task_files (
    entry_id     uuid        PRIMARY KEY,
    task_id      uuid        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    position     integer     NOT NULL,
    path         text        NOT NULL,
    size         bigint      NOT NULL,
    sha256       char(64)    NOT NULL,
    valid_until  timestamptz NOT NULL,
    UNIQUE (task_id, position)
);

-- What is stored for a source key, so that a later request for it is answered at once.
CREATE TABLE content_index (
    source_key   text        NOT NULL,
    position     integer     NOT NULL,
    job_id       uuid        NOT NULL,
    path         text        NOT NULL,
    size         bigint      NOT NULL,
    sha256       char(64)    NOT NULL,
    stored_at    timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (job_id, position)
);

CREATE INDEX content_index_source_key ON content_index (md5(source_key));

-- Transactional outbox: events written with the state change, published to Kafka by a relay.
CREATE TABLE outbox (
    id            bigserial   PRIMARY KEY,
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    event_type    text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    published_at  timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Emails to send, written in the transaction that decided them, sent by a scheduled sender.
CREATE TABLE notifications (
    id               bigserial   PRIMARY KEY,
    task_id          uuid        NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    recipient        text        NOT NULL,
    subject          text        NOT NULL,
    body             text        NOT NULL,
    created_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text,
    sent_at          timestamptz
);

CREATE INDEX notifications_pending ON notifications (next_attempt_at) WHERE sent_at IS NULL;
