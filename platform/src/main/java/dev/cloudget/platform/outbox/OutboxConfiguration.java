package dev.cloudget.platform.outbox;

import dev.cloudget.platform.tracing.TraceContexts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

/**
 * The transactional outbox, for a service to {@code @Import}: it needs a JDBC {@code outbox} table (its own Flyway
 * migration, with a {@code traceparent} column), a {@link KafkaTemplate}, a {@link Clock} bean and scheduling
 * enabled. The relay runs as soon as a transaction that wrote to the outbox commits, and polls every
 * {@code cloudget.outbox.poll-interval} (1 s) for the rest (another replica's records, a failed send).
 */
@Configuration(proxyBeanMethods = false)
public class OutboxConfiguration {

    @Bean
    OutboxStore outboxStore(JdbcClient jdbc) {
        return new OutboxStore(jdbc);
    }

    @Bean
    Outbox outbox(OutboxStore store, OutboxRelay relay, JsonMapper json, Clock clock,
            ObjectProvider<TraceContexts> traces) {
        return new Outbox(store, relay, json, clock, traces.getIfAvailable(() -> TraceContexts.NONE));
    }

    @Bean
    OutboxRelay outboxRelay(OutboxStore store, KafkaTemplate<String, Object> kafka, JsonMapper json,
            TransactionTemplate transaction, Clock clock, ObjectProvider<TraceContexts> traces) {
        return new OutboxRelay(store, kafka, json, transaction, clock,
                traces.getIfAvailable(() -> TraceContexts.NONE));
    }
}
