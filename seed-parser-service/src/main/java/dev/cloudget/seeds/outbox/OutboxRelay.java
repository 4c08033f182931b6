package dev.cloudget.seeds.outbox;

import dev.cloudget.seeds.outbox.persistence.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes committed outbox records to Kafka, oldest first, and marks each published once the broker acknowledged
 * it. No transaction is open while it waits on Kafka: a batch is claimed for {@link #CLAIM} in one statement, sent,
 * then marked record by record, so a relay in another replica skips the claimed batch and a relay that dies leaves
 * it to be claimed again when the claim runs out. A record may thus be sent twice (a crash between the ack and the
 * mark); the farm takes a {@code MetadataRequested} twice without harm. A send that fails stops the batch and
 * releases the rest, to be retried at the next poll in order.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    /** Only contract events are written to the outbox; nothing else is ever turned back into a class. */
    private static final String CONTRACTS = "dev.cloudget.contracts.";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than a whole batch can take to send, so that no other relay takes over a batch still in flight. */
    static final Duration CLAIM = Duration.ofSeconds(60);

    private final OutboxStore store;
    private final KafkaTemplate<String, Object> kafka;
    private final JsonMapper json;
    private final Clock clock;
    /** The record the relay is stuck on, so that a failure streak is logged once, not at every poll. */
    private volatile long stuckOn = -1;

    OutboxRelay(OutboxStore store, KafkaTemplate<String, Object> kafka, JsonMapper json, Clock clock) {
        this.store = store;
        this.kafka = kafka;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${cloudget.seeds.outbox.poll-interval:PT0.2S}")
    void relay() {
        int sent;
        do {
            sent = relayBatch();
        } while (sent == BATCH);
    }

    private int relayBatch() {
        List<OutboxRecord> records = store.claim(BATCH, clock.instant(), CLAIM);
        int sent = 0;
        for (OutboxRecord record : records) {
            if (!send(record)) {
                store.release(records.subList(sent, records.size()).stream().map(OutboxRecord::id).toList());
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

    private boolean send(OutboxRecord record) {
        Object event;
        try {
            event = eventOf(record);
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            stuck(record, () -> log.error("Outbox record {} ({}) cannot be read; the relay waits here until it is "
                    + "repaired or marked published", record.id(), record.eventType(), unreadable));
            return false;
        }
        try {
            kafka.send(record.topic(), record.key(), event).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            stuck(record, () -> log.warn("Publishing outbox record {} to {} failed; retrying until it goes: {}",
                    record.id(), record.topic(), e.toString()));
            return false;
        }
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
