package dev.cloudget.seeds;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.seeds.MetadataRequested;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
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

/** Reads {@link Topics#METADATA_REQUESTED} from its beginning with a consumer of its own, as a worker would. */
final class MetadataRequests {

    private final EmbeddedKafkaBroker broker;

    MetadataRequests(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    /** Every record until {@code count} match {@code wanted}; answers those that match. */
    List<ConsumerRecord<String, Object>> awaitMatching(Predicate<ConsumerRecord<String, Object>> wanted, int count) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "probe-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        JacksonJsonDeserializer<Object> values = new JacksonJsonDeserializer<>();
        values.addTrustedPackages("dev.cloudget.contracts.*");
        List<ConsumerRecord<String, Object>> matching = new ArrayList<>();
        try (Consumer<String, Object> consumer =
                     new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), values).createConsumer()) {
            // assigned, not subscribed: no group to join, so reading starts at once
            TopicPartition partition = new TopicPartition(Topics.METADATA_REQUESTED, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        matching.add(record);
                    }
                }
                return matching.size() >= count;
            });
        }
        return matching;
    }

    static Predicate<ConsumerRecord<String, Object>> forSeed(String seedId) {
        return record -> record.value() instanceof MetadataRequested requested
                && requested.seed().toString().equals(seedId);
    }
}
