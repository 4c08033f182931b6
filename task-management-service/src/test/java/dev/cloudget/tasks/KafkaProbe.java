package dev.cloudget.tasks;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Reads a topic from its beginning with a real consumer of its own, as another service would. */
final class KafkaProbe {

    private final EmbeddedKafkaBroker broker;

    KafkaProbe(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** Every record of {@code topic} up to and including the first whose value matches {@code last}. */
    List<ConsumerRecord<String, Object>> readUntil(String topic, Predicate<Object> last) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "probe-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        JacksonJsonDeserializer<Object> values = new JacksonJsonDeserializer<>();
        values.addTrustedPackages("dev.cloudget.contracts.*");
        List<ConsumerRecord<String, Object>> seen = new ArrayList<>();
        try (Consumer<String, Object> consumer =
                     new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), values).createConsumer()) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record);
                }
                return seen.stream().anyMatch(record -> last.test(record.value()));
            });
        }
        int end = 0;
        while (!last.test(seen.get(end).value())) {
            end++;
        }
        return seen.subList(0, end + 1);
    }
}
