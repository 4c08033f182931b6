package dev.cloudget.platform.outbox;

import dev.cloudget.platform.tracing.TraceContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox wakes its relay once per committed transaction, and never for one rolled back. */
class OutboxTest {

    private final List<String> inserted = new ArrayList<>();
    private int wakeUps;

    private final OutboxStore store = new OutboxStore(null) {
        @Override
        void insert(String topic, String key, String eventType, String payload, String traceparent, Instant now) {
            inserted.add(topic + ":" + key);
        }
    };
    private final OutboxRelay relay = new OutboxRelay(store, null, null, null, Clock.systemUTC(), TraceContexts.NONE) {
        @Override
        public void wake() {
            wakeUps++;
        }
    };
    private final Outbox outbox = new Outbox(store, relay, JsonMapper.builder().build(), Clock.systemUTC(),
            TraceContexts.NONE);

    record Ping(int n) {
    }

    @AfterEach
    void endTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void wakesTheRelayOnceAfterTheCommitOfATransactionThatWroteSeveralEvents() {
        List<TransactionSynchronization> first = transaction(() -> {
            outbox.append("t", "a", new Ping(1));
            outbox.append("t", "b", new Ping(2));
        });
        assertThat(wakeUps).isZero();
        complete(first, TransactionSynchronization.STATUS_COMMITTED);
        assertThat(wakeUps).isEqualTo(1);

        complete(transaction(() -> outbox.append("t", "c", new Ping(3))), TransactionSynchronization.STATUS_COMMITTED);
        assertThat(wakeUps).isEqualTo(2);
        assertThat(inserted).containsExactly("t:a", "t:b", "t:c");
    }

    @Test
    void doesNotWakeTheRelayForARollback() {
        complete(transaction(() -> outbox.append("t", "a", new Ping(1))), TransactionSynchronization.STATUS_ROLLED_BACK);

        assertThat(wakeUps).isZero();
        assertThat(TransactionSynchronizationManager.hasResource(relay)).isFalse();
    }

    /** Runs {@code work} as inside a transaction; answers the synchronizations it registered. */
    private static List<TransactionSynchronization> transaction(Runnable work) {
        TransactionSynchronizationManager.initSynchronization();
        work.run();
        List<TransactionSynchronization> registered = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        return registered;
    }

    private static void complete(List<TransactionSynchronization> synchronizations, int status) {
        synchronizations.forEach(synchronization -> synchronization.afterCompletion(status));
    }
}
