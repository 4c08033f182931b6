package dev.cloudget.platform.outbox;

import dev.cloudget.platform.concurrent.Rounds;
import dev.cloudget.platform.tracing.TraceContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes committed outbox records to Kafka in the order they were written, and marks them published once the
 * broker acknowledged them. It runs the moment a transaction that wrote to the outbox commits ({@link #wake}, which
 * {@link Outbox#append} arranges), and every {@code cloudget.outbox.poll-interval} as the fallback (records of
 * another replica, a send that failed, a wake-up lost in a crash). One relay at a time publishes, across every
 * replica, and no transaction is open while it waits on Kafka: a batch is claimed in a short transaction (see
 * {@link OutboxStore#claim}), sent, then marked; another relay claims nothing while that claim runs, and a relay that
 * dies leaves its batch to the next once the claim runs out.
 *
 * <p>A batch is sent as a pipeline: every record is handed to the producer, then the acknowledgements are awaited in
 * order. The producer is idempotent with {@code acks=all}, so records for one partition arrive in the order sent.
 * The first record that cannot be read or sent stops the batch: the records before it are marked published, it and
 * the rest are given back and sent again, in order, by the next round (those that did reach the broker arrive twice;
 * consumers are idempotent).
 */
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    /** Only contract events are written to the outbox; nothing else is ever turned back into a class. */
    private static final String CONTRACTS = "dev.cloudget.contracts.";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    /** How long a claimed batch is this relay's; it stops waiting one ack timeout before the claim runs out. */
    static final Duration CLAIM = Duration.ofSeconds(60);

    private final OutboxStore store;
    private final KafkaTemplate<String, Object> kafka;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final TraceContexts traces;
    /** The record the relay is stuck on, so that a failure streak is logged once, not at every poll. */
    private volatile long stuckOn = -1;
    private final Rounds rounds = new Rounds("Outbox relay", this::relayAll);

    OutboxRelay(OutboxStore store, KafkaTemplate<String, Object> kafka, JsonMapper json,
            TransactionTemplate transaction, Clock clock, TraceContexts traces) {
        this.store = store;
        this.kafka = kafka;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
        this.traces = traces;
    }

    /** Relays what is committed now, on a thread of its own; a wake-up during a round makes it run once more. */
    public void wake() {
        rounds.wake();
    }

    @Scheduled(fixedDelayString = "${cloudget.outbox.poll-interval:PT1S}")
    void relay() {
        rounds.runNow();
    }

    private void relayAll() {
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
        List<CompletableFuture<?>> acks = new ArrayList<>(records.size());
        for (OutboxRecord record : records) {
            CompletableFuture<?> ack = send(record);
            if (ack == null) {
                break;
            }
            acks.add(ack);
        }
        int sent = 0;
        while (sent < acks.size() && clock.instant().isBefore(stopBy) && acknowledged(records.get(sent),
                acks.get(sent))) {
            sent++;
        }
        store.markPublished(records.subList(0, sent).stream().map(OutboxRecord::id).toList(), clock.instant());
        store.release(records.subList(sent, records.size()).stream().map(OutboxRecord::id).toList());
        if (sent > 0 && stuckOn != -1 && records.subList(0, sent).stream().anyMatch(r -> r.id() == stuckOn)) {
            log.info("Outbox record {} published; the relay moves on", stuckOn);
            stuckOn = -1;
        }
        return sent;
    }

    /** Hands the record to the producer; null when it cannot be read or handed over (the batch stops there). */
    private CompletableFuture<?> send(OutboxRecord record) {
        Object event;
        try {
            event = eventOf(record);
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            stuck(record, () -> log.error("Outbox record {} ({}) cannot be read; the relay waits here until it is "
                    + "repaired or marked published", record.id(), record.eventType(), unreadable));
            return null;
        }
        try {
            // in the trace that wrote the record: the template's observation puts it in the record's headers
            return traces.continuing(record.traceparent(), "outbox relay",
                    () -> kafka.send(record.topic(), record.key(), event));
        } catch (RuntimeException e) {
            stuck(record, () -> log.warn("Publishing outbox record {} to {} failed; retrying until it goes: {}",
                    record.id(), record.topic(), e.toString()));
            return null;
        }
    }

    private boolean acknowledged(OutboxRecord record, CompletableFuture<?> ack) {
        try {
            ack.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
