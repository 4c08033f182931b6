package dev.cloudget.worker.support;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A real Kafka consumer that records every event on the given topics, for tests to look through. */
public final class EventLog implements AutoCloseable {

    private final KafkaConsumer<String, Object> consumer;
    private final List<ConsumerRecord<String, Object>> records = new CopyOnWriteArrayList<>();
    private final Thread poller;

    public EventLog(String bootstrapServers, String... topics) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "it-event-log-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        JacksonJsonDeserializer<Object> values = new JacksonJsonDeserializer<>();
        values.addTrustedPackages("dev.cloudget.contracts.*");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
        consumer.subscribe(List.of(topics));
        poller = Thread.ofPlatform().daemon().name("it-event-log").start(this::poll);
    }

    private void poll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    public <T> Optional<T> find(Class<T> type, Predicate<T> matching) {
        return records.stream()
                .map(ConsumerRecord::value)
                .filter(type::isInstance)
                .map(type::cast)
                .filter(matching)
                .findFirst();
    }

    public <T> List<ConsumerRecord<String, Object>> recordsOf(Class<T> type) {
        return records.stream().filter(record -> type.isInstance(record.value())).toList();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        poller.join(5_000);
    }
}
