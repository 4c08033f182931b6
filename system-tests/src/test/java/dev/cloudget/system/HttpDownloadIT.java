package dev.cloudget.system;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One HTTP link through every service, as separate processes, driven only through the gateway: submit, the
 * farm downloads once, the user downloads from the entry address, the subscriber is mailed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpDownloadIT {

    private static final long BIG = 64L * 1024 * 1024;
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(3);

    private static CloudgetSystem system;
    private static Origin.ServedFile bigFile;
    private static Api alice;
    private static Api bob;

    @BeforeAll
    static void startSystem() throws Exception {
        system = CloudgetSystem.get();
        bigFile = system.origin().serve("big.bin", BIG, 42);
        alice = new Api(system.gateway(), "alice");
        bob = new Api(system.gateway(), "bob");
    }

    @Test
    @Order(1)
    void downloadsA64MiBFileOnceAndServesItFromTheEntryAddressWithRangesAndMail() throws Exception {
        URI source = system.origin().url("/files/big.bin");
        Api.Reply submitted = alice.submitUrl(source, "alice@example.test");

        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.body().path("id").asString();
        assertThat(submitted.header("Location")).endsWith("/api/v1/tasks/" + id);
        assertThat(submitted.body().path("status").asString()).isIn("QUEUED", "DOWNLOADING");

        JsonNode done = alice.awaitTerminal(id, DOWNLOAD_TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.path("progress").path("bytesDone").asLong()).isEqualTo(BIG);
        JsonNode file = done.path("files").get(0);
        assertThat(file.path("size").asLong()).isEqualTo(BIG);
        assertThat(file.path("sha256").asString()).isEqualTo(bigFile.sha256());
        assertThat(file.path("path").asString()).isEqualTo("big.bin");
        String entryUrl = file.path("entryUrl").asString();
        assertThat(entryUrl).startsWith(system.gateway().toString());

        HttpResponse<InputStream> whole = alice.download(entryUrl, Map.of(), "GET");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(Api.sha256Of(whole.body())).isEqualTo(bigFile.sha256());

        byte[] expected = Arrays.copyOfRange(readRange(bigFile, 1_000_000, 1_000_999), 0, 1000);
        HttpResponse<InputStream> part = alice.download(entryUrl, Map.of("Range", "bytes=1000000-1000999"), "GET");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000000-1000999/" + BIG);
        try (InputStream body = part.body()) {
            assertThat(body.readAllBytes()).isEqualTo(expected);
        }

        HttpResponse<InputStream> beyond = alice.download(entryUrl, Map.of("Range", "bytes=" + BIG + "-"), "GET");
        beyond.body().close();
        assertThat(beyond.statusCode()).isEqualTo(416);

        await("mail to alice").atMost(Duration.ofSeconds(30)).until(() -> mailTo("alice@example.test").size() == 1);
        assertThat(GreenMailUtil.getBody(mailTo("alice@example.test").getFirst())).contains(entryUrl);

        assertThat(system.origin().downloadsOf("/files/big.bin")).as("fetched once (over one connection or several)")
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void answersAStoredUrlAtOnceForAnyUserWithoutGoingBackToTheOrigin() {
        int before = system.origin().requestsFor("/files/big.bin");
        // the same link, spelled differently: normalisation makes it the same source key
        URI sameLink = URI.create("HTTP://127.0.0.1:" + system.origin().port() + "/files/./big.bin#again");

        Api.Reply again = alice.submitUrl(system.origin().url("/files/big.bin"), "alice@example.test");
        Api.Reply forBob = bob.submitUrl(sameLink, "bob@example.test");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("status").asString()).isEqualTo("COMPLETED");
        assertThat(forBob.status()).isEqualTo(201);
        assertThat(forBob.body().path("status").asString()).isEqualTo("COMPLETED");
        assertThat(forBob.body().path("files").get(0).path("sha256").asString()).isEqualTo(bigFile.sha256());
        assertThat(system.origin().requestsFor("/files/big.bin")).isEqualTo(before);

        HttpResponse<InputStream> bobsCopy = bob.download(
                forBob.body().path("files").get(0).path("entryUrl").asString(), Map.of(), "HEAD");
        assertThat(bobsCopy.statusCode()).isEqualTo(200);
        assertThat(bobsCopy.headers().firstValueAsLong("Content-Length")).hasValue(BIG);
    }

    @Test
    @Order(3)
    void twoConcurrentSubmitsOfANewUrlCauseOneOriginDownload() throws Exception {
        system.origin().serve("shared.bin", 8L * 1024 * 1024, 7);
        URI source = system.origin().url("/files/shared.bin");

        List<Api.Reply> replies;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Api.Reply> first = CompletableFuture.supplyAsync(
                    () -> alice.submitUrl(source, "alice@example.test"), pool);
            CompletableFuture<Api.Reply> second = CompletableFuture.supplyAsync(
                    () -> bob.submitUrl(source, "bob@example.test"), pool);
            replies = List.of(first.get(), second.get());
        }

        assertThat(replies).extracting(Api.Reply::status).containsOnly(201);
        assertThat(alice.awaitTerminal(replies.get(0).body().path("id").asString(), DOWNLOAD_TIMEOUT)
                .path("status").asString()).isEqualTo("COMPLETED");
        assertThat(bob.awaitTerminal(replies.get(1).body().path("id").asString(), DOWNLOAD_TIMEOUT)
                .path("status").asString()).isEqualTo("COMPLETED");
        assertThat(system.origin().downloadsOf("/files/shared.bin")).as("one download for both").isEqualTo(1);
    }

    @Test
    @Order(4)
    void keepsOneObjectPerDistinctContentAndNoLeftovers() throws Exception {
        // the same bytes under two links: two jobs upload them, storage keeps one object and drops the other
        Origin.ServedFile first = system.origin().serve("twin-1.bin", 3L * 1024 * 1024 + 7, 41);
        system.origin().serve("twin-2.bin", 3L * 1024 * 1024 + 7, 41);
        JsonNode one = alice.awaitTerminal(alice.submitUrl(system.origin().url("/files/twin-1.bin"),
                "alice@example.test").body().path("id").asString(), DOWNLOAD_TIMEOUT);
        JsonNode two = bob.awaitTerminal(bob.submitUrl(system.origin().url("/files/twin-2.bin"),
                "bob@example.test").body().path("id").asString(), DOWNLOAD_TIMEOUT);
        assertThat(one.path("files").get(0).path("sha256").asString()).isEqualTo(first.sha256());
        assertThat(two.path("files").get(0).path("sha256").asString()).isEqualTo(first.sha256());

        // whatever earlier tests left running settles too: then every object in the bucket is one content's
        MinioClient s3 = MinioClient.builder().endpoint(system.s3().endpoint().toString())
                .credentials(system.s3().accessKey(), system.s3().secretKey()).region("us-east-1").build();
        await("the bucket holds exactly the catalogue's objects").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    List<String> objects = new ArrayList<>();
                    for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket("cloudget")
                            .recursive(true).build())) {
                        String key = item.get().objectName();
                        if (!key.endsWith("/")) { // S3Proxy lists its file system's folders too
                            objects.add(key);
                        }
                    }
                    List<String> registered = system.registeredObjectKeys();
                    assertThat(registered).doesNotHaveDuplicates();
                    assertThat(objects).containsExactlyInAnyOrderElementsOf(registered);
                });
    }

    @Test
    @Order(4)
    void anotherUserCannotReadDownloadOrDeleteSomeoneElsesTaskOrFile() {
        Api.Reply mine = alice.submitUrl(system.origin().url("/files/big.bin"), "alice@example.test");
        String id = mine.body().path("id").asString();
        // the bearer form of the entry address: only its owner may use it
        String entryPath = "/api/v1/files/" + mine.body().path("files").get(0).path("id").asString() + "/content";

        assertThat(bob.task(id).status()).isEqualTo(404);
        assertThat(bob.task(id).body().path("type").asString()).endsWith("/not-found");
        assertThat(bob.get(entryPath).status()).isEqualTo(404);
        assertThat(bob.delete("/api/v1/tasks/" + id).status()).isEqualTo(404);
        assertThat(bob.tasks("?status=COMPLETED").body().path("items").findValuesAsString("id")).doesNotContain(id);

        assertThat(alice.task(id).status()).isEqualTo(200);
        assertThat(alice.tasks("?status=COMPLETED").body().path("items").findValuesAsString("id")).contains(id);

        assertThat(alice.delete("/api/v1/tasks/" + id).status()).isEqualTo(204);
        assertThat(alice.task(id).body().path("status").asString()).isEqualTo("CANCELLED");
        assertThat(alice.get(entryPath).status()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void failsWithDistinctTypesForAMissingFileAnUnknownHostAndADisallowedAddress() {
        String notFound = failureTypeOf(system.origin().url("/files/no-such-file.bin"));
        String unknownHost = failureTypeOf(URI.create("http://no-such-host.invalid/file.bin"));
        // loopback, but not the allowlisted origin address: must be refused before any connection
        String blocked = failureTypeOf(URI.create("http://127.0.0.2:" + system.origin().port() + "/files/big.bin"));

        assertThat(notFound).isEqualTo("origin-http-status");
        assertThat(unknownHost).isEqualTo("host-not-found");
        assertThat(blocked).isEqualTo("blocked-address");
    }

    @Test
    @Order(6)
    void refusesInvalidBodiesWithProblemJson() {
        assertProblem(alice.submit("{\"notify\": {}}"), 400);
        assertProblem(alice.submit("{\"source\": \"gopher://example.com/x\"}"), 400);
        assertProblem(alice.submit("{not json"), 400);
        assertProblem(alice.submit("{\"source\": \"https://example.com/x\", \"validDays\": 0}"), 400);
        // IPv4 literals that programs read differently (0177.0.0.1 is 127.0.0.1 to a browser, 177.0.0.1 to others)
        for (String ambiguous : List.of("http://0177.0.0.1/x", "http://0x7f.1/x")) {
            Api.Reply refused = alice.submit(Map.of("source", ambiguous));
            assertProblem(refused, 400);
            assertThat(refused.body().path("type").asString()).as(ambiguous).endsWith("/ambiguous-address");
        }
    }

    @Test
    @Order(7)
    void refusesRequestsWithoutAValidToken() {
        Api.Reply anonymous = alice.send(
                java.net.http.HttpRequest.newBuilder(system.gateway().resolve("/api/v1/tasks")).GET().build());
        Api.Reply forged = alice.send(java.net.http.HttpRequest.newBuilder(system.gateway().resolve("/api/v1/tasks"))
                .header("Authorization", "Bearer " + CloudgetSystem.tokenFor("alice") + "x")
                .header("X-Cloudget-User", "alice")
                .GET().build());

        assertProblem(anonymous, 401);
        assertProblem(forged, 401);
    }

    @Test
    @Order(8)
    void replaysTheSameTaskForTheSameIdempotencyKey() {
        String body = """
                {"source": "%s"}""".formatted(system.origin().url("/files/big.bin"));
        Api.Reply first = alice.submit(body, "key-123");
        Api.Reply second = alice.submit(body, "key-123");

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isIn(200, 201);
        assertThat(second.body().path("id").asString()).isEqualTo(first.body().path("id").asString());
    }

    @Test
    @Order(9)
    void publishesEveryServicesOpenApiDocumentThroughTheGateway() {
        Api.Reply tasks = alice.get("/api-docs/tasks");
        Api.Reply files = alice.get("/api-docs/files");
        Api.Reply links = alice.get("/api-docs/links");

        assertThat(tasks.status()).isEqualTo(200);
        assertThat(tasks.body().path("paths").has("/api/v1/tasks")).isTrue();
        assertThat(files.body().path("paths").has("/api/v1/files/{id}/content")).isTrue();
        assertThat(links.body().path("paths").has("/api/v1/links")).isTrue();
        assertThat(alice.send(alice.request("/swagger-ui.html").GET().build()).status()).isIn(200, 302);
    }

    @Test
    @Order(10)
    void showsTheFarmOnlyToOperators() {
        Api.Reply forAlice = alice.get("/api/v1/admin/workers");
        Api.Reply forOps = Api.operator(system.gateway(), "ops").get("/api/v1/admin/workers");

        assertProblem(forAlice, 403);
        assertThat(forOps.status()).isEqualTo(200);
        assertThat(forOps.body().toString()).contains("worker-system-test");
    }

    private String failureTypeOf(URI source) {
        Api.Reply reply = alice.submitUrl(source, "alice@example.test");
        if (reply.status() == 400) {
            return reply.body().path("type").asString().replaceAll(".*/", "");
        }
        assertThat(reply.status()).isEqualTo(201);
        JsonNode task = alice.awaitTerminal(reply.body().path("id").asString(), Duration.ofMinutes(1));
        assertThat(task.path("status").asString()).isEqualTo("FAILED");
        return task.path("failure").path("type").asString();
    }

    private static void assertProblem(Api.Reply reply, int status) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.body().path("type").asString()).startsWith("https://cloudget.dev/problems/");
        assertThat(reply.body().toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(system.mail().greenMail().getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }

    private static byte[] readRange(Origin.ServedFile file, long from, long to) throws Exception {
        try (var channel = Files.newByteChannel(file.path())) {
            channel.position(from);
            var buffer = java.nio.ByteBuffer.allocate((int) (to - from + 1));
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // fill the buffer
            }
            return buffer.array();
        }
    }

}
