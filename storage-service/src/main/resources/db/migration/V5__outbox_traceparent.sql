-- the W3C traceparent of the span that wrote the event: its Kafka record continues that trace (README: Observability)
ALTER TABLE outbox ADD COLUMN traceparent text;
