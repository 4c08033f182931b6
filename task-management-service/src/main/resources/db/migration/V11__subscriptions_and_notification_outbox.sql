-- Whom a task tells, on which channels, about what; and until when its files are valid (set at completion,
-- extended by PATCH). expiry_warned_until: the valid_until the "expiring soon" notice was queued for.
ALTER TABLE tasks ADD COLUMN notify_phone text;
ALTER TABLE tasks ADD COLUMN callback_url text;
ALTER TABLE tasks ADD COLUMN notify_events text[] NOT NULL DEFAULT '{COMPLETED,FAILED,EXPIRING}';
ALTER TABLE tasks ADD COLUMN valid_until timestamptz;
ALTER TABLE tasks ADD COLUMN expiry_warned_until timestamptz;
UPDATE tasks t SET valid_until = (SELECT max(f.valid_until) FROM task_files f WHERE f.task_id = t.id)
WHERE status IN ('COMPLETED', 'EXPIRED');
CREATE INDEX tasks_completed_valid_until ON tasks (valid_until) WHERE status = 'COMPLETED';
CREATE INDEX task_files_sha256 ON task_files (sha256);

-- The notifications table becomes an outbox of messages on several channels. A message is written in the
-- transaction that decides its event, once per (task, event, channel) — the idempotency key — so that a redelivered
-- event or a second finisher queues nothing more; a sender claims due messages for a while (claimed_until) and
-- sends them outside any transaction.
ALTER TABLE notifications ADD COLUMN channel text NOT NULL DEFAULT 'EMAIL'
    CHECK (channel IN ('EMAIL', 'SMS', 'WEBHOOK'));
ALTER TABLE notifications ADD COLUMN event text NOT NULL DEFAULT 'COMPLETED'
    CHECK (event IN ('COMPLETED', 'FAILED', 'EXPIRING', 'EXPIRED'));
ALTER TABLE notifications ADD COLUMN idempotency_key text;
UPDATE notifications SET idempotency_key = 'legacy:' || id;
ALTER TABLE notifications ALTER COLUMN idempotency_key SET NOT NULL;
CREATE UNIQUE INDEX notifications_idempotency_key ON notifications (idempotency_key);
ALTER TABLE notifications ADD COLUMN html text;
ALTER TABLE notifications ADD COLUMN claimed_until timestamptz;
ALTER TABLE notifications ALTER COLUMN subject DROP NOT NULL;
CREATE INDEX notifications_task ON notifications (task_id);

-- A user's defaults for new tasks, and the secret their webhooks are signed with.
CREATE TABLE notification_preferences (
    owner          text        PRIMARY KEY,
    email          text,
    phone          text,
    callback_url   text,
    events         text[]      NOT NULL,
    webhook_secret text        NOT NULL,
    updated_at     timestamptz NOT NULL
);
