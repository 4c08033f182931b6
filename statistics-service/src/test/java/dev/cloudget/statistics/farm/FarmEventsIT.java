package dev.cloudget.statistics.farm;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.TaskSettled;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.statistics.StatisticsITSupport;
import dev.cloudget.statistics.TaskSettledMother;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The farm's events, published to the real broker as task-management and task-distribution publish them. */
class FarmEventsIT extends StatisticsITSupport {

    private static final Duration ARRIVAL = Duration.ofSeconds(30);

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void countsATaskSettledDeliveredTwiceOnce() throws Exception {
        String owner = newUser("henry");
        Instant day = aDayOfItsOwn();
        TaskSettled twice = TaskSettledMother.fetched(owner, 1_000, Duration.ofSeconds(10), day.plusSeconds(60));
        TaskSettled marker = TaskSettledMother.failed(owner, "http", day.plusSeconds(120));

        settle(twice);
        settle(twice);
        settle(marker);

        // one partition, read in order: once the marker counts, both copies before it were read
        Map<String, Object> thatDay = Map.of("from", day, "to", day.plus(Duration.ofDays(1)));
        await().atMost(ARRIVAL).until(() -> summary(owner, thatDay).get("tasks").get("failed").asLong() == 1);
        JsonNode tasks = summary(owner, thatDay).get("tasks");
        assertThat(tasks.get("settled").asLong()).isEqualTo(2);
        assertThat(tasks.get("completed").asLong()).isEqualTo(1);
        assertThat(tasks.get("bytes").asLong()).isEqualTo(1_000);
    }

    @Test
    void sendsARecordItCannotReadToTheDeadLetterTopicByteForByteAndGoesOn() throws Exception {
        byte[] poison = "{not a settled task".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> raw = Map.of("bootstrap.servers", bootstrapServers,
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class);
        try (var producer = new KafkaProducer<String, byte[]>(raw)) {
            producer.send(new ProducerRecord<>(Topics.TASK_SETTLED, "poison", poison)).get();
        }
        String owner = newUser("iris");
        Instant day = aDayOfItsOwn();
        settle(TaskSettledMother.fetched(owner, 5_000, Duration.ofSeconds(5), day.plusSeconds(30)));

        Map<String, Object> reader = Map.of("bootstrap.servers", bootstrapServers,
                "group.id", "dlt-probe-" + owner, "auto.offset.reset", "earliest",
                "key.deserializer", StringDeserializer.class, "value.deserializer", ByteArrayDeserializer.class);
        List<byte[]> deadLetters = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(reader)) {
            consumer.subscribe(List.of(Topics.TASK_SETTLED + Topics.DEAD_LETTER_SUFFIX));
            await().atMost(ARRIVAL).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if ("poison".equals(record.key())) {
                        deadLetters.add(record.value());
                    }
                });
                return !deadLetters.isEmpty();
            });
        }
        assertThat(deadLetters.getFirst()).isEqualTo(poison);
        Map<String, Object> thatDay = Map.of("from", day, "to", day.plus(Duration.ofDays(1)));
        await().atMost(ARRIVAL).until(() -> summary(owner, thatDay).get("tasks").get("settled").asLong() == 1);
    }

    @Test
    void countsEachWorkersJobsOnceInTheFarmSummary() throws Exception {
        Instant day = aDayOfItsOwn();
        String worker = newUser("worker");
        String markerWorker = newUser("marker-worker");
        JobCompleted completed = new JobCompleted(JobId.random(), worker, List.of(
                new StoredFile("a.bin", 100, ContentHash.of("a".repeat(64))),
                new StoredFile("b.bin", 200, ContentHash.of("b".repeat(64)))), day.plusSeconds(10));
        JobCompleted marker = new JobCompleted(JobId.random(), markerWorker, List.of(), day.plusSeconds(15));
        JobFailed failed = new JobFailed(JobId.random(), worker, FailureType.TIMEOUT, "no answer", day.plusSeconds(20));

        kafka.send(Topics.JOB_COMPLETED, completed.job().toString(), completed).get();
        kafka.send(Topics.JOB_COMPLETED, completed.job().toString(), completed).get();
        kafka.send(Topics.JOB_COMPLETED, marker.job().toString(), marker).get();
        kafka.send(Topics.JOB_FAILED, failed.job().toString(), failed).get();

        // each topic is read in order on its one partition: once its marker counts, what came before it was read
        Map<String, Object> thatDay = Map.of("from", day, "to", day.plus(Duration.ofDays(1)));
        await().atMost(ARRIVAL).until(() -> {
            JsonNode byWorker = farmSummary(thatDay).path("byWorker");
            return byWorker.path(markerWorker).path("completed").asLong() == 1
                    && byWorker.path(worker).path("failed").asLong() == 1;
        });
        JsonNode figures = farmSummary(thatDay).get("byWorker").get(worker);
        assertThat(figures.get("jobs").asLong()).isEqualTo(2);
        assertThat(figures.get("completed").asLong()).isEqualTo(1);
        assertThat(figures.get("failed").asLong()).isEqualTo(1);
        assertThat(figures.get("bytes").asLong()).isEqualTo(300);
    }

    private void settle(TaskSettled event) throws Exception {
        kafka.send(Topics.TASK_SETTLED, event.task().toString(), event).get();
    }
}
