-- Events storage announces (content removed: expired or lost), written in the transaction that removes the
-- content and relayed to Kafka by the platform's OutboxRelay.
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

-- Entries whose content was removed (their rows go with it): their addresses answer 410 Gone instead of 404, which
-- is kept for entries that never existed or were revoked (task deleted). Swept after a while.
CREATE TABLE removed_entries (
    id         uuid        PRIMARY KEY,
    owner      text        NOT NULL,
    reason     text        NOT NULL,
    removed_at timestamptz NOT NULL
);

CREATE INDEX removed_entries_removed_at ON removed_entries (removed_at);
