package dev.cloudget.storage.content;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.Topics;
import dev.cloudget.storage.StorageITSupport;
import dev.cloudget.storage.expiry.ExpirySweeper;
import io.minio.RemoveObjectArgs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Removed content is announced, its addresses answer 410 Gone, and live entries can be extended with their content. */
class ContentRemovalIT extends StorageITSupport {

    @Autowired
    ExpirySweeper sweeper;
    @Autowired
    EmbeddedKafkaBroker broker;

    private Consumer<String, String> removals;
    private final List<JsonNode> seen = new ArrayList<>();

    @BeforeEach
    void listen() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "removal-it-" + UUID.randomUUID(), false);
        props.put("auto.offset.reset", "earliest");
        removals = new DefaultKafkaConsumerFactory<>(props, new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer()).createConsumer();
        removals.subscribe(List.of(Topics.CONTENT_REMOVED));
    }

    @AfterEach
    void stopListening() {
        removals.close();
    }

    /** Every ContentRemoved for {@code sha256} seen so far, polling the topic until {@code count} arrived. */
    private List<JsonNode> removalsOf(ContentHash sha256, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, String> record : removals.poll(Duration.ofMillis(200))) {
                seen.add(json.readTree(record.value()));
            }
            return seen.stream().filter(event -> event.get("sha256").asString().equals(sha256.hex())).count() >= count;
        });
        return seen.stream().filter(event -> event.get("sha256").asString().equals(sha256.hex())).toList();
    }

    @Test
    void announcesExpiredContentOnceWhenTheSweeperRemovesIt() throws Exception {
        byte[] bytes = randomBytes(300);
        ContentHash sha256 = storeContent(bytes);
        expireContent(sha256);

        sweeper.sweep();
        sweeper.sweep();

        List<JsonNode> events = removalsOf(sha256, 1);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().get("reason").asString()).isEqualTo("EXPIRED");
        assertThat(events.getFirst().get("size").asLong()).isEqualTo(bytes.length);
    }

    @Test
    void anAddressWhoseContentWasLostAnswersGoneAndTheLossIsAnnounced() throws Exception {
        ContentHash sha256 = storeContent(randomBytes(400));
        Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        UUID entry = UUID.randomUUID();
        assertThat(createEntry(entry, "alice", sha256, "lost.bin", expires).statusCode()).isEqualTo(201);
        s3.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(objectOf(sha256)).build());
        String address = signedPath(entry, "alice", "lost.bin", expires);

        HttpResponse<String> first = http.send(viaGateway(address).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> again = http.send(viaGateway(address).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> withToken = http.send(asUser("alice", "/api/v1/files/" + entry + "/content").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> someoneElse = http.send(asUser("bob", "/api/v1/files/" + entry + "/content").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(410);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(again).get("type").asString()).endsWith("/content-expired");
        assertThat(withToken.statusCode()).isEqualTo(410);
        assertThat(someoneElse.statusCode()).isEqualTo(404);
        assertThat(removalsOf(sha256, 1).getFirst().get("reason").asString()).isEqualTo("LOST");
    }

    @Test
    void anAlteredAddressOfRemovedContentIsStillNotFound() throws Exception {
        ContentHash sha256 = storeContent(randomBytes(200));
        Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        UUID entry = UUID.randomUUID();
        createEntry(entry, "alice", sha256, "x.bin", expires);
        s3.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(objectOf(sha256)).build());
        http.send(viaGateway(signedPath(entry, "alice", "x.bin", expires)).build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> forged = http.send(viaGateway(signedPath(entry, "mallory", "x.bin", expires)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(forged.statusCode()).isEqualTo(404);
    }

    @Test
    void extendsLiveEntriesAndTheirContent() throws Exception {
        ContentHash sha256 = storeContent(randomBytes(500));
        UUID entry = UUID.randomUUID();
        createEntry(entry, "alice", sha256, "keep.bin", Instant.now().plusSeconds(60));
        Instant later = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> extended = postJson("/internal/files/extend",
                Map.of("owner", "alice", "entries", List.of(entry.toString()), "validUntil", later.toString()));

        assertThat(extended.statusCode()).isEqualTo(200);
        assertThat(Instant.parse(json(extended).get("validUntil").asString())).isEqualTo(later);
        assertThat(jdbc.sql("SELECT expires_at FROM file_entries WHERE id = :id").param("id", entry)
                .query(java.time.OffsetDateTime.class).single().toInstant()).isEqualTo(later);
        assertThat(jdbc.sql("SELECT expires_at FROM contents WHERE sha256 = :sha256").param("sha256", sha256.hex())
                .query(java.time.OffsetDateTime.class).single().toInstant()).isAfterOrEqualTo(later);
    }

    @Test
    void refusesToExtendContentThatIsGoneOrAnotherOwnersEntry() throws Exception {
        ContentHash sha256 = storeContent(randomBytes(600));
        UUID entry = UUID.randomUUID();
        createEntry(entry, "alice", sha256, "gone.bin", Instant.now().plusSeconds(60));
        String later = Instant.now().plus(1, ChronoUnit.DAYS).toString();

        HttpResponse<String> notHers = postJson("/internal/files/extend",
                Map.of("owner", "bob", "entries", List.of(entry.toString()), "validUntil", later));
        expireContent(sha256);
        HttpResponse<String> expired = postJson("/internal/files/extend",
                Map.of("owner", "alice", "entries", List.of(entry.toString()), "validUntil", later));
        HttpResponse<String> past = postJson("/internal/files/extend", Map.of("owner", "alice", "entries",
                List.of(entry.toString()), "validUntil", Instant.now().minusSeconds(5).toString()));

        assertThat(notHers.statusCode()).isEqualTo(404);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(json(expired).get("type").asString()).endsWith("/content-expired");
        assertThat(past.statusCode()).isEqualTo(400);
    }
}
