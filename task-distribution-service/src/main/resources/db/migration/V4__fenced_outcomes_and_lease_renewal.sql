-- Workers report outcomes to distribution, which passes on only the outcome of a job's current lease (fencing):
-- the accepted outcome is written to this outbox in the transaction that marks the job DONE, and the platform's
-- relay publishes it to task-management's topics.
CREATE TABLE outbox (
    id            bigserial   PRIMARY KEY,
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    event_type    text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    published_at  timestamptz,
    claimed_until timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Confirmed leases run until lease_until, which each heartbeat naming the job renews; past it the job waits
-- again (failover). Found by this index.
CREATE INDEX jobs_confirmed_by_deadline ON jobs (lease_until) WHERE status = 'ASSIGNED' AND confirmed_at IS NOT NULL;
