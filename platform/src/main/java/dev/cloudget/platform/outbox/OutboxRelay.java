package dev.cloudget.platform.outbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes committed outbox records to Kafka in the order they were written, and marks each published once the
 * broker acknowledged it. One relay at a time publishes, across every replica, and no transaction is open while it
 * waits on Kafka: a batch is claimed in a short transaction (see {@link OutboxStore#claim}), sent, then marked record
 * by record; another relay claims nothing while that claim runs, and a relay that dies leaves its batch to the next
 * once the claim runs out. A record that cannot be read or sent stops the batch and gives the rest back: nothing
 * written after it overtakes it, so each key's events arrive in order. A crash between the ack and the mark
 * publishes a record twice; consumers are idempotent.
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    /** Only contract events are written to the outbox; nothing else is ever turned back into a class. */
    private static final String CONTRACTS = "dev.cloudget.contracts.";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    /** How long a claimed batch is this relay's; it stops sending one ack timeout before the claim runs out. */
    static final Duration CLAIM = Duration.ofSeconds(60);

    private final OutboxStore store;
    private final KafkaTemplate<String, Object> kafka;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;
    /** The record the relay is stuck on, so that a failure streak is logged once, not at every poll. */
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
        int sent;
        do {
            sent = relayBatch();
        } while (sent == BATCH);
    }

    private int relayBatch() {
        Instant claimed = clock.instant();
        List<OutboxRecord> records = transaction.execute(status -> store.claim(BATCH, claimed, CLAIM));
        if (records == null || records.isEmpty()) {
            return 0;
        }
        Instant stopBy = claimed.plus(CLAIM).minus(ACK_TIMEOUT);
        int sent = 0;
        for (OutboxRecord record : records) {
            if (!clock.instant().isBefore(stopBy) || !send(record)) {
                store.release(records.subList(sent, records.size()).stream().map(OutboxRecord::id).toList());
                return sent;
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
