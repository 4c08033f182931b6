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
 * Publishes outbox records to Kafka in the order they were written and marks them published once the
 * broker acknowledged them. One relay at a time publishes, across every replica, and a record that
 * cannot be read or sent stops the batch: nothing written after it overtakes it, so each key's events
 * arrive in order. A crash between the ack and the mark publishes a record twice; consumers are idempotent.
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
    /** The record the relay is stuck on, so a failure streak is logged once and not at every poll. */
    private volatile long stuckOn = -1;

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
        if (!store.tryLockRelay()) {
            return 0;
        }
        List<OutboxRecord> records = store.oldestUnpublished(BATCH);
        int sent = 0;
        for (OutboxRecord record : records) {
            Object event;
            try {
                event = eventOf(record);
            } catch (ReflectiveOperationException | RuntimeException unreadable) {
                stuck(record, () -> log.error("Outbox record {} ({}) cannot be read; the relay waits here until it "
                        + "is repaired or marked published", record.id(), record.eventType(), unreadable));
                break;
            }
            try {
                kafka.send(record.topic(), record.key(), event).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // stop here, commit what was acknowledged, retry this record next poll
                stuck(record, () -> log.warn("Publishing outbox record {} to {} failed; retrying until it goes: {}",
                        record.id(), record.topic(), e.toString()));
                break;
            }
            store.markPublished(record.id(), clock.instant());
            if (stuckOn == record.id()) {
                log.info("Outbox record {} published; the relay moves on", record.id());
                stuckOn = -1;
            }
            sent++;
        }
        return sent;
    }

    private void stuck(OutboxRecord record, Runnable logIt) {
        if (stuckOn != record.id()) {
            stuckOn = record.id();
            logIt.run();
        }
    }

    private Object eventOf(OutboxRecord record) throws ClassNotFoundException {
        if (!record.eventType().startsWith(CONTRACTS)) {
            throw new IllegalStateException("not a contract event: " + record.eventType());
        }
        Class<?> type = Class.forName(record.eventType(), false, OutboxRelay.class.getClassLoader());
        return json.readValue(record.payload(), type);
    }
}
