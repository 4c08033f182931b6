package dev.cloudget.storage.entry;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.storage.StorageITSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** Minting is idempotent per caller-chosen entry id, so task-management can retry it after any failure. */
class EntryMintingIT extends StorageITSupport {

    private ContentHash sha256;
    private UUID id;

    @BeforeEach
    void storeSomething() throws Exception {
        sha256 = storeContent(randomBytes(2048));
        id = UUID.randomUUID();
    }

    @Test
    void mintsABatchAnsweringEachRequestAloneInOrder() throws Exception {
        Instant validUntil = Instant.parse("2099-01-01T00:00:00Z");
        ContentHash gone = sha256(randomBytes(10));
        UUID taken = UUID.randomUUID();
        assertThat(createEntry(taken, "alice", sha256, "a.bin", validUntil).statusCode()).isEqualTo(201);
        UUID other = UUID.randomUUID();
        BiFunction<UUID, ContentHash, Map<String, String>> request = (entry, content) -> Map.of(
                "id", entry.toString(), "owner", "alice", "sha256", content.hex(), "name", "a.bin",
                "validUntil", validUntil.toString());

        HttpResponse<String> response = postJson("/internal/files/batch", Map.of("entries", List.of(
                request.apply(id, sha256), request.apply(UUID.randomUUID(), gone),
                Map.of("id", taken.toString(), "owner", "bob", "sha256", sha256.hex(), "name", "a.bin",
                        "validUntil", validUntil.toString()),
                request.apply(taken, sha256), request.apply(other, sha256))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode results = json(response).get("results");
        assertThat(results.valueStream().map(result -> result.get("status").asInt()))
                .containsExactly(201, 404, 409, 200, 201);
        assertThat(results.get(0).get("entry").get("id").asString()).isEqualTo(id.toString());
        assertThat(results.get(1).get("type").asString()).isEqualTo(Problems.CONTENT_EXPIRED.toString());
        assertThat(results.get(2).get("type").asString()).isEqualTo(Problems.IDEMPOTENCY_CONFLICT.toString());
        assertThat(jdbc.sql("SELECT count(*) FROM file_entries WHERE id IN (:ids)")
                .param("ids", List.of(id, taken, other)).query(Long.class).single()).isEqualTo(3);
        assertThat(postJson("/internal/files/batch", Map.of("entries", List.of())).statusCode()).isEqualTo(400);
    }

    @Test
    void answersTheSameEntryWhenTheSameRequestComesAgain() throws Exception {
        Instant validUntil = Instant.parse("2099-01-01T00:00:00Z");

        HttpResponse<String> first = createEntry(id, "alice", sha256, "a.bin", validUntil);
        HttpResponse<String> again = createEntry(id, "alice", sha256, "a.bin", validUntil.plusSeconds(60));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("id").asString()).isEqualTo(id.toString());
        assertThat(json(again).get("size").asLong()).isEqualTo(2048);
        assertThat(Instant.parse(json(again).get("validUntil").asString()))
                .as("the entry as first minted").isEqualTo(validUntil);
        assertThat(entryRows(id)).isEqualTo(1);
    }

    @Test
    void mintsARevokedEntryAgainWhenItsRequestComesAgain() throws Exception {
        // whole seconds: PostgreSQL keeps microseconds
        Instant firstUntil = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        Instant againUntil = firstUntil.plusSeconds(86_400);
        createEntry(id, "alice", sha256, "a.bin", firstUntil);
        HttpResponse<String> revoked = http.send(internal("/internal/files/" + id).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> again = createEntry(id, "alice", sha256, "a.bin", againUntil);

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Instant.parse(json(again).get("validUntil").asString())).isEqualTo(againUntil);
        assertThat(http.send(asUser("alice", "/api/v1/files/" + id + "/content").GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("the address answered to the repeated request works").isEqualTo(200);
        assertThat(jdbc.sql("SELECT expires_at FROM contents WHERE sha256 = :sha256").param("sha256", sha256.hex())
                .query(OffsetDateTime.class).single().toInstant())
                .as("the content is claimed for the entry's new valid period").isAfterOrEqualTo(againUntil);
        assertThat(entryRows(id)).isEqualTo(1);
    }

    @Test
    void refusesAnIdAlreadyMintedForSomethingElse() throws Exception {
        Instant validUntil = Instant.now().plusSeconds(3600);
        createEntry(id, "alice", sha256, "a.bin", validUntil);

        HttpResponse<String> otherOwner = createEntry(id, "mallory", sha256, "a.bin", validUntil);
        HttpResponse<String> otherName = createEntry(id, "alice", sha256, "b.bin", validUntil);

        for (HttpResponse<String> refused : List.of(otherOwner, otherName)) {
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(json(refused).get("type").asString()).isEqualTo(Problems.IDEMPOTENCY_CONFLICT.toString());
        }
        assertThat(jdbc.sql("SELECT owner FROM file_entries WHERE id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("alice");
    }

    @Test
    void concurrentRequestsWithOneIdMintOneEntry() throws Exception {
        int racers = 4;
        CyclicBarrier start = new CyclicBarrier(racers);
        Instant validUntil = Instant.now().plusSeconds(3600);
        List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            requests.add(() -> {
                start.await();
                return createEntry(id, "alice", sha256, "a.bin", validUntil);
            });
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(racers)) {
            for (Future<HttpResponse<String>> response : pool.invokeAll(requests)) {
                statuses.add(response.get().statusCode());
                assertThat(json(response.get()).get("id").asString()).isEqualTo(id.toString());
            }
        }

        assertThat(statuses).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(entryRows(id)).isEqualTo(1);
    }

    @Test
    void requiresTheCallerToChooseTheId() throws Exception {
        HttpResponse<String> response = postJson("/internal/files", Map.of("owner", "alice", "sha256", sha256.hex(),
                "name", "a.bin", "validUntil", Instant.now().plusSeconds(60).toString()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("type").asString()).isEqualTo(Problems.INVALID_REQUEST.toString());
    }

    private long entryRows(UUID entry) {
        return jdbc.sql("SELECT count(*) FROM file_entries WHERE id = :id").param("id", entry).query(Long.class).single();
    }
}
