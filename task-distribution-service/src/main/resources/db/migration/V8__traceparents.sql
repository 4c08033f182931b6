-- the W3C traceparent of the span that wrote the event: its Kafka record continues that trace (README: Observability)
ALTER TABLE outbox ADD COLUMN traceparent text;
-- the trace of the job's request: its assignment to a worker (a REST call from the dispatcher's own thread) continues it
ALTER TABLE jobs ADD COLUMN traceparent text;
