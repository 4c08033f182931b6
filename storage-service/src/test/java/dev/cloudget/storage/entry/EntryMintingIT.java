package dev.cloudget.storage.entry;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.storage.StorageITSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(uri("/internal/files/" + id)).DELETE().build(),
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
