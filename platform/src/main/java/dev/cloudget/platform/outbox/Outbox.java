package dev.cloudget.platform.outbox;

import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/**
 * The transactional outbox: an event is written in the same transaction as the state change it announces, so it is
 * published if and only if that change commits ({@link OutboxRelay} sends it afterwards, in order). A service that
 * publishes events imports {@link OutboxConfiguration} and has an {@code outbox} table (see {@link OutboxStore}).
 */
public class Outbox {

    private final OutboxStore store;
    private final JsonMapper json;
    private final Clock clock;

    Outbox(OutboxStore store, JsonMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    /** Queues {@code event} for {@code topic} under Kafka key {@code key}; must join the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(String topic, String key, Record event) {
        store.insert(topic, key, event.getClass().getName(), json.writeValueAsString(event), clock.instant());
    }
}
