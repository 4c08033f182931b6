package dev.cloudget.seeds.outbox;

/** An event waiting in the outbox: its topic, Kafka key, class name and JSON. */
public record OutboxRecord(long id, String topic, String key, String eventType, String payload) {
}
