package dev.cloudget.platform.outbox;

/** An event waiting in the outbox: its topic, Kafka key, class name and JSON. */
record OutboxRecord(long id, String topic, String key, String eventType, String payload) {
}
