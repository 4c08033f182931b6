package dev.cloudget.tasks.outbox;

import java.time.Instant;

/** An event waiting in the outbox: its topic, Kafka key, class name and JSON. */
public record OutboxRecord(long id, String topic, String key, String eventType, String payload, Instant createdAt) {
}
