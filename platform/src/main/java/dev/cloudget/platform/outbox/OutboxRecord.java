package dev.cloudget.platform.outbox;

/**
 * An event waiting in the outbox: its topic, Kafka key, class name and JSON, and the W3C {@code traceparent} of the
 * span that wrote it (null when none), so that its Kafka record carries that trace on.
 */
record OutboxRecord(long id, String topic, String key, String eventType, String payload, String traceparent) {
}
