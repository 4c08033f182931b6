-- The outbox relay (platform's OutboxRelay) claims a batch for a while and sends it outside any transaction,
-- instead of holding a transaction and its lock while it waits on Kafka.
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;
