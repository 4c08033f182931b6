package dev.cloudget.tasks.outbox;

import dev.cloudget.tasks.outbox.persistence.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes outbox records to Kafka in order and marks them published once the broker acknowledged
 * them. A crash between the ack and the mark publishes a record twice; consumers are idempotent.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    /** Only contract events are ever written to the outbox; nothing else is turned back into a class. */
    private static final String CONTRACTS = "dev.cloudget.contracts.";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    private final OutboxStore store;
    private final KafkaTemplate<String, Object> kafka;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    OutboxRelay(OutboxStore store, KafkaTemplate<String, Object> kafka, JsonMapper json,
            TransactionTemplate transaction, Clock clock) {
        this.store = store;
        this.kafka = kafka;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${cloudget.outbox.poll-interval:PT0.15S}")
    void relay() {
        Integer sent;
        do {
            sent = transaction.execute(status -> relayBatch());
        } while (sent != null && sent == BATCH);
    }

    private int relayBatch() {
        List<OutboxRecord> records = store.lockUnpublished(BATCH);
        int sent = 0;
        for (OutboxRecord record : records) {
            Object event;
            try {
                event = eventOf(record);
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                log.error("Outbox record {} ({}) cannot be read; left unpublished", record.id(), record.eventType(),
                        unreadable);
                continue;
            }
            try {
                kafka.send(record.topic(), record.key(), event).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // keep the order per key: stop here, commit what was acknowledged, retry the rest next poll
                log.warn("Publishing outbox record {} to {} failed; will retry: {}", record.id(), record.topic(),
                        e.toString());
                break;
            }
            store.markPublished(record.id(), clock.instant());
            sent++;
        }
        return sent;
    }

    private Object eventOf(OutboxRecord record) throws ClassNotFoundException {
        if (!record.eventType().startsWith(CONTRACTS)) {
            throw new IllegalStateException("not a contract event: " + record.eventType());
        }
        Class<?> type = Class.forName(record.eventType(), false, OutboxRelay.class.getClassLoader());
        return json.readValue(record.payload(), type);
    }
}
