package dev.cloudget.tasks;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.seeds.SeedState;
import dev.cloudget.contracts.seeds.SeedSummary;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.web.GatewayHeaders;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.StoredFile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-user quotas at submit, with the small limits {@link TaskManagementIntegrationTest} sets (every other test uses
 * fresh users with a few small tasks each, far below them).
 */
class QuotasIT extends TaskManagementIntegrationTest {

    @Test
    void refusesATaskBeyondTheRunningTasksQuotaWhileAnotherUserSubmits() {
        String busy = newUser("busy");
        String first = null;
        for (int i = 0; i < RUNNING_TASKS; i++) {
            Api.Reply submitted = api.submit(busy, api.body(newLink(), null));
            assertThat(submitted.status()).isEqualTo(201);
            first = first == null ? submitted.text("id") : first;
        }

        Api.Reply refused = api.submit(busy, api.body(newLink(), null));

        assertQuotaExceeded(refused, "running-tasks", RUNNING_TASKS, RUNNING_TASKS);
        assertThat(api.submit(newUser("other"), api.body(newLink(), null)).status()).isEqualTo(201);
        // a task that ends makes room
        assertThat(api.delete(busy, "/api/v1/tasks/" + first).status()).isEqualTo(204);
        assertThat(api.submit(busy, api.body(newLink(), null)).status()).isEqualTo(201);
    }

    @Test
    void concurrentSubmitsOfOneUserCannotPassTheRunningTasksQuotaTogether() throws Exception {
        String eager = newUser("eager");
        int submitters = 2 * RUNNING_TASKS;
        CyclicBarrier start = new CyclicBarrier(submitters);
        List<Callable<Api.Reply>> submits = new ArrayList<>();
        for (int i = 0; i < submitters; i++) {
            submits.add(() -> {
                start.await();
                return api.submit(eager, api.body(newLink(), null));
            });
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(submitters)) {
            for (Future<Api.Reply> reply : pool.invokeAll(submits)) {
                statuses.add(reply.get().status());
            }
        }

        assertThat(statuses).filteredOn(status -> status == 201).hasSize(RUNNING_TASKS);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(submitters - RUNNING_TASKS);
    }

    @Test
    void refusesSubmitsBeyondTheRateWithRetryAfterAndNeverCountsAReplay() throws Exception {
        String hasty = newUser("hasty");
        String key = UUID.randomUUID().toString();
        String replayed = newLink();
        assertThat(api.submit(hasty, api.body(replayed, null), key).status()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            assertThat(api.submit(hasty, api.body(replayed, null), key).status()).as("replay").isEqualTo(200);
        }
        // the rest of the minute's submits, each task cancelled so that the running-tasks quota stays out of the way
        for (int i = 1; i < SUBMITS_PER_MINUTE; i++) {
            Api.Reply submitted = api.submit(hasty, api.body(newLink(), null));
            assertThat(submitted.status()).as("submit %d", i + 1).isEqualTo(201);
            assertThat(api.delete(hasty, "/api/v1/tasks/" + submitted.text("id")).status()).isEqualTo(204);
        }

        HttpResponse<String> refused = rawSubmit(hasty, newLink());

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("type").asString()).endsWith("/rate-limited");
        assertThat(problem.get("quota").asString()).isEqualTo("submits-per-minute");
        assertThat(problem.get("limit").asLong()).isEqualTo(SUBMITS_PER_MINUTE);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        // a replay is no new submit: it is answered however fast the user goes
        assertThat(api.submit(hasty, api.body(replayed, null), key).status()).isEqualTo(200);
        assertThat(api.submit(newUser("calm"), api.body(newLink(), null)).status()).isEqualTo(201);
    }

    @Test
    void refusesSubmitsOnceCompletedTasksHoldTheBytesQuotaAnswersFromStoredContentIncluded() {
        String hoarder = newUser("hoarder");
        String link = newLink();
        String task = api.submit(hoarder, api.body(link, null)).text("id");
        JobId job = jobRequestedFor(link);
        kafka.send(Topics.JOB_COMPLETED, job.toString(), new JobCompleted(job, "worker-1",
                List.of(new StoredFile("big.bin", BYTES_HELD, randomHash())), Instant.now()));
        awaitStatus(hoarder, task, "COMPLETED");

        assertQuotaExceeded(api.submit(hoarder, api.body(newLink(), null)), "bytes-held", BYTES_HELD, BYTES_HELD);

        // the same content, answered at once from storage, is held by the second user as much as by the first
        String second = newUser("second");
        Api.Reply stored = api.submit(second, api.body(link, null));
        assertThat(stored.status()).isEqualTo(201);
        awaitStatus(second, stored.text("id"), "COMPLETED");
        assertQuotaExceeded(api.submit(second, api.body(newLink(), null)), "bytes-held", BYTES_HELD, BYTES_HELD);
        assertThat(api.submit(newUser("frugal"), api.body(newLink(), null)).status()).isEqualTo(201);

        // a deleted task holds nothing
        assertThat(api.delete(hoarder, "/api/v1/tasks/" + task).status()).isEqualTo(204);
        assertThat(api.submit(hoarder, api.body(newLink(), null)).status()).isEqualTo(201);
    }

    @Test
    void refusesALinkWhoseKnownSizeIsBeyondTheLargestObjectAsTooLarge() {
        String user = newUser("ambitious");
        String tooLarge = "ed2k://|file|huge.iso|" + (MAX_OBJECT_SIZE + 1) + "|" + randomEd2kHash() + "|/";
        String fits = "ed2k://|file|fine.iso|" + MAX_OBJECT_SIZE + "|" + randomEd2kHash() + "|/";

        Api.Reply refused = api.submit(user, api.body(tooLarge, null));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.text("type")).endsWith("/too-large");
        assertThat(refused.body().get("limit").asLong()).isEqualTo(MAX_OBJECT_SIZE);
        assertThat(refused.body().get("size").asLong()).isEqualTo(MAX_OBJECT_SIZE + 1);
        assertThat(api.submit(user, api.body(fits, null)).status()).isEqualTo(201);
    }

    @Test
    void refusesAnUploadedMetalinkNamingAFileBeyondTheLargestObject() {
        String document = """
                <metalink xmlns="urn:ietf:params:xml:ns:metalink">
                  <file name="small.bin"><size>10</size><url>https://origin.example/%s/small.bin</url></file>
                  <file name="huge.bin"><size>%d</size><url>https://origin.example/%s/huge.bin</url></file>
                </metalink>
                """.formatted(UUID.randomUUID(), MAX_OBJECT_SIZE + 1, UUID.randomUUID());

        Api.Reply refused = api.submitMetalink(newUser("meta"), document);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("type")).endsWith("/too-large");
        assertThat(refused.text("detail")).contains("huge.bin");
    }

    @Test
    void refusesAOneFileTorrentBeyondTheLargestObjectButNotATorrentWhoseFilesMayEachFit() {
        String user = newUser("seeder");
        SeedId oneFile = seed(1, MAX_OBJECT_SIZE + 1);
        SeedId twoFiles = seed(2, MAX_OBJECT_SIZE + 1);

        Api.Reply refused = api.submit(user, json.writeValueAsString(Map.of("seedId", oneFile.toString())));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("type")).endsWith("/too-large");
        // the catalogue gives the total only: each of two files may be within the limit, the worker finds out
        assertThat(api.submit(user, json.writeValueAsString(Map.of("seedId", twoFiles.toString()))).status())
                .isEqualTo(201);
    }

    @Test
    void refusesAnAnswerFromStoredContentLargerThanTheLargestObject() {
        String link = newLink();
        String first = newUser("early");
        String task = api.submit(first, api.body(link, null)).text("id");
        JobId job = jobRequestedFor(link);
        // stored before the limit was lowered to what it is now
        kafka.send(Topics.JOB_COMPLETED, job.toString(), new JobCompleted(job, "worker-1",
                List.of(new StoredFile("grown.bin", MAX_OBJECT_SIZE + 1, randomHash())), Instant.now()));
        awaitStatus(first, task, "COMPLETED");

        Api.Reply refused = api.submit(newUser("late"), api.body(link, null));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("type")).endsWith("/too-large");
        assertThat(refused.text("detail")).contains("grown.bin");
    }

    private static SeedId seed(int files, long totalSize) {
        SeedId seed = SeedId.random();
        byte[] hash = new byte[20];
        new Random().nextBytes(hash);
        SERVICES.seeds.put(seed.toString(), new SeedSummary(seed, new InfoHash(HexFormat.of().formatHex(hash)),
                SeedState.READY, "big", files, totalSize));
        return seed;
    }

    private static void assertQuotaExceeded(Api.Reply reply, String quota, long limit, long used) {
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(409);
        assertThat(reply.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.text("type")).endsWith("/quota-exceeded");
        assertThat(reply.text("quota")).isEqualTo(quota);
        assertThat(reply.body().get("limit").asLong()).isEqualTo(limit);
        assertThat(reply.body().get("used").asLong()).isEqualTo(used);
    }

    /** A submit read with its headers, which {@link Api.Reply} leaves out. */
    private HttpResponse<String> rawSubmit(String user, String link) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tasks"))
                .header(GatewayHeaders.USER_ID, user)
                .header(GatewayHeaders.GATEWAY_SECRET, Api.GATEWAY_SECRET)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(api.body(link, null)))
                .build();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static ContentHash randomHash() {
        byte[] bytes = new byte[32];
        new Random().nextBytes(bytes);
        return ContentHash.of(HexFormat.of().formatHex(bytes));
    }

    private static String randomEd2kHash() {
        byte[] bytes = new byte[16];
        new Random().nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
