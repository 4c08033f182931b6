package dev.cloudget.platform.kafka;

import dev.cloudget.contracts.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Poison records go to {@code <topic>.DLT} after a few retries and never block a partition for long.
 * Retries back off exponentially (0.2 s doubling, 6 tries, about 13 s in all) so that a short outage of a
 * service a listener calls does not dead-letter a good record. Boot wires a {@link CommonErrorHandler} bean
 * into every listener container.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaOperations.class)
public class KafkaPlatformAutoConfiguration {

    /**
     * Publishes dead letters whose value is still raw bytes. A bean, so that the context closes the
     * producer it owns; not a default candidate, so it never competes with the application's template.
     */
    @Bean(defaultCandidate = false)
    @ConditionalOnBean(ProducerFactory.class)
    @ConditionalOnMissingBean(name = "deadLetterBytesTemplate")
    KafkaTemplate<Object, Object> deadLetterBytesTemplate(ProducerFactory<Object, Object> producers) {
        KafkaTemplate<Object, Object> template = new KafkaTemplate<>(producers,
                Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        // observed like the application's template (spring.kafka.template.observation-enabled): a dead letter carries
        // its trace on, and the two never register one timer name with two sets of tags (which Prometheus refuses)
        template.setObservationEnabled(true);
        return template;
    }

    @Bean
    @ConditionalOnBean({KafkaOperations.class, ProducerFactory.class})
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler deadLetteringErrorHandler(KafkaOperations<Object, Object> kafka,
            @Qualifier("deadLetterBytesTemplate") KafkaTemplate<Object, Object> raw) {
        // a record that could not be deserialised reaches the recoverer as its original bytes: they must
        // land in the DLT byte for byte (readable and replayable), not re-encoded as a JSON string
        Map<Class<?>, KafkaOperations<?, ?>> byValueType = new LinkedHashMap<>();
        byValueType.put(byte[].class, raw);
        byValueType.put(Object.class, kafka);
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(6);
        backOff.setInitialInterval(200L);
        backOff.setMultiplier(2.0);
        // <topic>.DLT (contracts' suffix); the producer picks the partition by key, so per-key order holds there too
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(byValueType,
                (record, failure) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
        return new DefaultErrorHandler(recoverer, backOff);
    }
}
