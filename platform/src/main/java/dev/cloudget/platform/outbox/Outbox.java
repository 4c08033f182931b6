package dev.cloudget.platform.outbox;

import dev.cloudget.platform.tracing.TraceContexts;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/**
 * The transactional outbox: an event is written in the same transaction as the state change it announces, so it is
 * published if and only if that change commits ({@link OutboxRelay} sends it afterwards, in order). A service that
 * publishes events imports {@link OutboxConfiguration} and has an {@code outbox} table (see {@link OutboxStore}).
 */
public class Outbox {

    private final OutboxStore store;
    private final OutboxRelay relay;
    private final JsonMapper json;
    private final Clock clock;
    private final TraceContexts traces;

    Outbox(OutboxStore store, OutboxRelay relay, JsonMapper json, Clock clock, TraceContexts traces) {
        this.store = store;
        this.relay = relay;
        this.json = json;
        this.clock = clock;
        this.traces = traces;
    }

    /**
     * Queues {@code event} for {@code topic} under Kafka key {@code key}; must join the caller's transaction. The
     * relay is woken once that transaction commits, so the event goes out at once rather than at the next poll. The
     * trace in scope is stored with it: its Kafka record continues that trace.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String topic, String key, Record event) {
        store.insert(topic, key, event.getClass().getName(), json.writeValueAsString(event), traces.current(),
                clock.instant());
        if (TransactionSynchronizationManager.isSynchronizationActive()
                && !TransactionSynchronizationManager.hasResource(relay)) {
            // once per transaction: the resource marks that its wake-up is arranged (unbound when it completes)
            TransactionSynchronizationManager.bindResource(relay, Boolean.TRUE);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(relay);
                    if (status == STATUS_COMMITTED) {
                        relay.wake();
                    }
                }
            });
        }
    }
}
