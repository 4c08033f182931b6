package dev.cloudget.worker;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.tasks.JobCancelled;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.contracts.worker.JobCheckpoint;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.JobLease;
import dev.cloudget.contracts.worker.JobPhase;
import dev.cloudget.contracts.worker.JobProgressed;
import dev.cloudget.contracts.worker.LeaseEnded;
import dev.cloudget.contracts.worker.UploadedPart;
import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.infra.S3Server;
import dev.cloudget.testsupport.TestSecrets;
import dev.cloudget.worker.staging.StagingStore;
import dev.cloudget.worker.support.EventLog;
import dev.cloudget.worker.support.StubHttpServer;
import com.sun.net.httpserver.HttpExchange;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.worker.id=it-worker",
        "cloudget.worker.capacity=2",
        "cloudget.worker.heartbeat-interval=200ms",
        "cloudget.worker.http.connect-timeout=2s",
        "cloudget.worker.http.read-timeout=5s",
        // an origin that serves ranges is segmented at once (only /changing/file.bin does here)
        "cloudget.worker.http.segment-after=0s",
        "cloudget.worker.http.segment-below=1TB",
        // 12 MiB files from origins that serve ranges go up in three parts, two of them checkpoints
        "cloudget.worker.checkpoint-interval=5MB"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers", topics = {
        Topics.WORKER_HEARTBEAT, Topics.WORKER_JOB_PROGRESS, Topics.WORKER_JOB_COMPLETED, Topics.WORKER_JOB_FAILED,
        Topics.JOB_CANCELLED, Topics.LEASE_REVOKED, Topics.LEASE_RETURNED, Topics.WORKER_JOB_CHECKPOINT})
class DownloadWorkerIT {

    private static final byte[] PAYLOAD = new byte[12 * 1024 * 1024];
    private static final byte[] REPLACED = new byte[5 * 1024 * 1024];
    private static final java.util.concurrent.atomic.AtomicBoolean replaced = new java.util.concurrent.atomic.AtomicBoolean();
    private static final String BUCKET = "cloudget";
    private static final Duration OUTCOME = Duration.ofSeconds(30);
    private static final long FIVE_TIB = 5_497_558_138_880L;
    private static final byte[] UNREGISTRABLE = "a file storage-service fails to register".getBytes(StandardCharsets.UTF_8);
    private static final String INTERNAL_ERROR_TEXT =
            "could not connect to db.corp (10.2.3.4): connection refused; SQLState 08001";

    static S3Server s3;
    static StubHttpServer origin;
    static StubHttpServer storage;
    static CountDownLatch gate = new CountDownLatch(1);
    static CountDownLatch stopping = new CountDownLatch(1);
    static EventLog events;
    /** The Range header of each request under {@code /ranged/}, by path ("" for none), and the body bytes sent. */
    static final Map<String, List<String>> rangesAsked = new ConcurrentHashMap<>();
    static final Map<String, AtomicLong> rangedBytes = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    RestClient.Builder http;

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        new Random(42).nextBytes(PAYLOAD);
        new Random(43).nextBytes(REPLACED);
        Path root = Files.createTempDirectory("download-worker-it");
        s3 = S3Server.start(0, root.resolve("s3"), "it-access", "it-secret-key");
        storage = StubHttpServer.start().on("/internal/contents", exchange -> {
            if (((String) exchange.getAttribute(StubHttpServer.BODY)).contains("\"size\":" + UNREGISTRABLE.length + ",")) {
                // what a storage-service behind on its database might say: not for the user's eyes
                StubHttpServer.send(exchange, 500, "text/plain", INTERNAL_ERROR_TEXT.getBytes(StandardCharsets.UTF_8));
                return;
            }
            StubHttpServer.send(exchange, 201, "application/json", """
                    {"sha256":"%s","size":%d,"objectKey":"uploads/%s"}"""
                    .formatted(sha256(PAYLOAD), PAYLOAD.length, sha256(PAYLOAD)).getBytes(StandardCharsets.UTF_8));
        });
        origin = StubHttpServer.start()
                .on("/files/payload.bin", exchange -> StubHttpServer.send(exchange, 200, "application/octet-stream",
                        PAYLOAD))
                .on("/files/once.bin", exchange -> StubHttpServer.send(exchange, 200, "application/octet-stream",
                        PAYLOAD))
                .on("/gated/file.bin", exchange -> {
                    gate.await(OUTCOME.toSeconds(), TimeUnit.SECONDS);
                    StubHttpServer.send(exchange, 200, "application/octet-stream", PAYLOAD);
                })
                // no Content-Length: chunked, so the upload is of unknown length
                .on("/chunked/payload.bin", exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    try (var out = exchange.getResponseBody()) {
                        out.write(PAYLOAD);
                    }
                })
                // announces 5 TiB and would send bytes for ever: as many as the worker reads
                .on("/huge.iso", exchange -> {
                    exchange.sendResponseHeaders(200, FIVE_TIB);
                    sendForever(exchange);
                })
                .on("/files/unregistrable.bin", exchange -> StubHttpServer.send(exchange, 200,
                        "application/octet-stream", UNREGISTRABLE))
                // sends to a name of this machine, on a port not allowlisted
                .on("/redirect-to-name", exchange -> {
                    exchange.getResponseHeaders().set("Location", "http://localhost:" + storage.port() + "/x");
                    StubHttpServer.send(exchange, 302, "text/plain", new byte[0]);
                })
                // PAYLOAD, replaced by REPLACED (another ETag) as soon as a range of it is asked for
                .on("/changing/file.bin", exchange -> {
                    String range = exchange.getRequestHeaders().getFirst("Range");
                    if (range != null) {
                        replaced.set(true);
                    }
                    boolean now = replaced.get();
                    byte[] body = now ? REPLACED : PAYLOAD;
                    exchange.getResponseHeaders().set("ETag", now ? "\"v2\"" : "\"v1\"");
                    exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
                    String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
                    if (range == null || !("\"v2\"").equals(ifRange)) {
                        StubHttpServer.send(exchange, 200, "application/octet-stream", body);
                        return;
                    }
                    String[] ends = range.substring("bytes=".length()).split("-");
                    int from = Integer.parseInt(ends[0]);
                    int to = Math.min(Integer.parseInt(ends[1]), body.length - 1);
                    exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
                    exchange.sendResponseHeaders(206, to - from + 1);
                    try (var out = exchange.getResponseBody()) {
                        out.write(body, from, to - from + 1);
                    }
                })
                // announces 12 MiB, sends one, then nothing until the end of the tests
                .on("/stalled/file.bin", exchange -> {
                    exchange.sendResponseHeaders(200, PAYLOAD.length);
                    exchange.getResponseBody().write(PAYLOAD, 0, 1 << 20);
                    exchange.getResponseBody().flush();
                    stopping.await(OUTCOME.toSeconds(), TimeUnit.SECONDS);
                })
                // PAYLOAD with a strong ETag, in ranges held to it (If-Range)
                .on("/ranged/", DownloadWorkerIT::serveRanged)
                .on("/missing", exchange -> StubHttpServer.send(exchange, 404, "text/plain", new byte[0]))
                // storage's stand-in is a live loopback port that is not allowlisted
                .on("/redirect-inward", exchange -> {
                    exchange.getResponseHeaders().set("Location", storage.url("/internal/contents"));
                    StubHttpServer.send(exchange, 302, "text/plain", new byte[0]);
                });

        registry.add("cloudget.s3.endpoint", () -> s3.endpoint().toString());
        registry.add("cloudget.s3.access-key", () -> "it-access");
        registry.add("cloudget.s3.secret-key", () -> "it-secret-key");
        registry.add("cloudget.s3.bucket", () -> BUCKET);
        registry.add("cloudget.services.storage.url", () -> "http://127.0.0.1:" + storage.port());
        registry.add("cloudget.worker.allowlist", () -> "127.0.0.1:" + origin.port());
        registry.add("cloudget.worker.scratch-dir", () -> root.resolve("scratch").toString());
    }

    @BeforeAll
    static void listen(@Autowired EmbeddedKafkaBroker kafka) {
        events = new EventLog(kafka.getBrokersAsString(),
                Topics.WORKER_HEARTBEAT, Topics.WORKER_JOB_COMPLETED, Topics.WORKER_JOB_FAILED, Topics.WORKER_JOB_PROGRESS,
                Topics.LEASE_RETURNED, Topics.WORKER_JOB_CHECKPOINT);
    }

    @AfterAll
    static void stop() throws Exception {
        gate.countDown();
        stopping.countDown();
        events.close();
        origin.close();
        storage.close();
        s3.close();
    }

    @Test
    void streamsTheOriginsBytesIntoTheStoreRegistersThemAndPublishesCompletion() throws Exception {
        JobId job = JobId.random();

        assertThat(assign(job, origin.url("/files/payload.bin")).value()).isEqualTo(202);

        JobCompleted completed = await().atMost(OUTCOME)
                .until(() -> events.find(JobCompleted.class, e -> e.job().equals(job)), java.util.Optional::isPresent)
                .orElseThrow();
        String uploadKey = "uploads/" + job + "/1/0";
        assertThat(completed.workerId()).isEqualTo("it-worker");
        assertThat(completed.epoch()).as("the lease it ran under").isEqualTo(LeaseEpoch.FIRST);
        assertThat(completed.files()).singleElement().satisfies(file -> {
            assertThat(file.path()).isEqualTo("payload.bin");
            assertThat(file.size()).isEqualTo(PAYLOAD.length);
            assertThat(file.sha256()).isEqualTo(ContentHash.of(sha256(PAYLOAD)));
        });
        assertThat(sha256(readUploadedObject(uploadKey))).isEqualTo(sha256(PAYLOAD));
        assertThat(storage.bodies()).anySatisfy(body -> assertThat(body)
                .contains("\"objectKey\":\"" + uploadKey + "\"")
                .contains("\"sha256\":\"" + sha256(PAYLOAD) + "\"")
                .contains("\"size\":" + PAYLOAD.length));
    }

    @Test
    void streamsABodyOfUnknownLengthIntoTheStore() throws Exception {
        JobId job = JobId.random();

        assertThat(assign(job, origin.url("/chunked/payload.bin")).value()).isEqualTo(202);

        awaitPayloadStored(job);
        assertThat(sha256(readUploadedObject("uploads/" + job + "/1/0"))).isEqualTo(sha256(PAYLOAD));
    }

    @Test
    void anOriginDeclaringFiveTebibytesFailsTooLargeBeforeAnyByteIsStored() throws Exception {
        JobId job = JobId.random();
        assertThat(assign(job, origin.url("/huge.iso")).value()).isEqualTo(202);

        JobFailed failed = await().atMost(OUTCOME)
                .until(() -> events.find(JobFailed.class, e -> e.job().equals(job)), java.util.Optional::isPresent)
                .orElseThrow();

        assertThat(failed.type()).isEqualTo(FailureType.TOO_LARGE);
        // the default cloudget.worker.max-object-size, 64 GiB
        assertThat(failed.detail()).contains(String.valueOf(FIVE_TIB)).contains(String.valueOf(64L << 30));
        assertThat(uploadedObjects("uploads/" + job + "/")).isEmpty();
    }

    @Test
    void aStorageFailureSaysTheFileCouldNotBeStoredWithoutStorageServicesOwnWords() {
        JobFailed failed = assignAndAwaitFailure(origin.url("/files/unregistrable.bin"));

        assertThat(failed.type()).isEqualTo(FailureType.STORAGE_ERROR);
        assertThat(failed.detail()).isEqualTo("the file could not be stored (storage-service answered 500)");
    }

    @Test
    void aBlockedHostIsNamedWithoutTheAddressesItResolvedTo() {
        JobFailed failed = assignAndAwaitFailure(origin.url("/redirect-to-name"));

        assertThat(failed.type()).isEqualTo(FailureType.BLOCKED_ADDRESS);
        assertThat(failed.detail()).isEqualTo("host localhost port " + storage.port()
                + " is not a public address and not on the allowlist");
    }

    @Test
    void runsAtMostCapacityJobsAndIgnoresARepeatedAssignment() {
        JobId first = JobId.random();
        JobId second = JobId.random();
        String url = origin.url("/gated/file.bin");

        assertThat(assign(first, url).value()).isEqualTo(202);
        assertThat(assign(second, url).value()).isEqualTo(202);
        assertThat(assign(first, url).value()).as("repeat of a running job").isEqualTo(202);
        assertThat(assign(JobId.random(), url).value()).as("third job on a worker of capacity 2").isEqualTo(409);
        // while they run, each heartbeat renews their leases
        await().atMost(OUTCOME).until(() -> events.find(WorkerHeartbeat.class, beat -> beat.jobs().containsAll(List.of(
                new JobLease(first, LeaseEpoch.FIRST), new JobLease(second, LeaseEpoch.FIRST)))).isPresent());
        gate.countDown();

        await().atMost(OUTCOME).until(() -> events.find(JobCompleted.class, e -> e.job().equals(first)).isPresent()
                && events.find(JobCompleted.class, e -> e.job().equals(second)).isPresent());
        assertThat(origin.hits("/gated/file.bin")).as("one download per job").isEqualTo(2);
    }

    @Test
    void answersARepeatOfAFinishedLeaseWithoutFetchingAgain() {
        JobId job = JobId.random();
        String url = origin.url("/files/once.bin");
        assertThat(assign(job, url).value()).isEqualTo(202);
        await().atMost(OUTCOME).until(() -> completions(job) == 1);

        // distribution re-sends an assignment whose 202 it did not see in time
        assertThat(assign(job, url).value()).as("repeat of a lease already run").isEqualTo(202);

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> origin.hits("/files/once.bin") == 1 && completions(job) == 1);
        assertThat(assign(job, url, LeaseEpoch.FIRST.next()).value()).as("a later lease is new work").isEqualTo(202);
        await().atMost(OUTCOME).until(() -> origin.hits("/files/once.bin") == 2 && completions(job) == 2);
    }

    @Test
    void aFileThatChangesMidDownloadIsFetchedAgainFromTheStartNeverMixed() throws Exception {
        JobId job = JobId.random();

        assertThat(assign(job, origin.url("/changing/file.bin")).value()).isEqualTo(202);

        JobCompleted completed = await().atMost(OUTCOME)
                .until(() -> events.find(JobCompleted.class, e -> e.job().equals(job)), java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(replaced.get()).as("the origin did change mid-way").isTrue();
        assertThat(completed.files()).singleElement().satisfies(file -> {
            assertThat(file.size()).isEqualTo(REPLACED.length);
            assertThat(file.sha256()).isEqualTo(ContentHash.of(sha256(REPLACED)));
        });
    }

    @Test
    void aCancelledJobStopsWithinSecondsPublishesNothingAndLeavesNoObject() throws Exception {
        JobId job = JobId.random();
        assertThat(assign(job, origin.url("/stalled/file.bin")).value()).isEqualTo(202);
        await().atMost(OUTCOME).until(() -> events.find(WorkerHeartbeat.class,
                beat -> beat.jobs().contains(new JobLease(job, LeaseEpoch.FIRST))).isPresent());
        Instant cancelledAt = Instant.now();

        kafka.send(Topics.JOB_CANCELLED, job.toString(), new JobCancelled(job, cancelledAt)).get();

        await().atMost(Duration.ofSeconds(5)).until(() -> events.find(WorkerHeartbeat.class,
                beat -> beat.sentAt().isAfter(cancelledAt.plusMillis(500)) && beat.jobs().isEmpty()).isPresent());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                events.find(JobCompleted.class, e -> e.job().equals(job)).isEmpty()
                        && events.find(JobFailed.class, e -> e.job().equals(job)).isEmpty());
        // the store may still be removing the upload's directory (S3Proxy lists it while it does)
        await("nothing staged is left").atMost(Duration.ofSeconds(15))
                .until(() -> uploadedObjects("uploads/" + job + "/").isEmpty());
    }

    @Test
    void aJobWhoseLeaseDistributionGaveUpStopsAndOneUnderAnotherLeaseRunsOn() throws Exception {
        JobId job = JobId.random();
        assertThat(assign(job, origin.url("/stalled/file.bin"), new LeaseEpoch(2)).value()).isEqualTo(202);
        JobLease lease = new JobLease(job, new LeaseEpoch(2));
        await().atMost(OUTCOME).until(() -> events.find(WorkerHeartbeat.class, beat -> beat.jobs().contains(lease))
                .isPresent());

        // an older lease of the job was given up: not this one
        kafka.send(Topics.LEASE_REVOKED, job.toString(), new LeaseEnded(job, LeaseEpoch.FIRST, "it-worker",
                Instant.now())).get();
        Instant stale = Instant.now();
        await().atMost(OUTCOME).until(() -> events.find(WorkerHeartbeat.class,
                beat -> beat.sentAt().isAfter(stale.plusMillis(500)) && beat.jobs().contains(lease)).isPresent());

        Instant revokedAt = Instant.now();
        kafka.send(Topics.LEASE_REVOKED, job.toString(), new LeaseEnded(job, new LeaseEpoch(2), "it-worker",
                revokedAt)).get();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.find(WorkerHeartbeat.class,
                beat -> beat.sentAt().isAfter(revokedAt.plusMillis(500)) && !beat.jobs().contains(lease)).isPresent());
        assertThat(events.find(JobFailed.class, e -> e.job().equals(job))).isEmpty();
    }

    @Test
    void aDrainedWorkerHandsItsJobsBackTakesNoneAndAdvertisesNoCapacityUntilLetTakeJobsAgain() throws Exception {
        JobId job = JobId.random();
        assertThat(assign(job, origin.url("/stalled/file.bin")).value()).isEqualTo(202);
        await().atMost(OUTCOME).until(() -> events.find(WorkerHeartbeat.class,
                beat -> beat.jobs().contains(new JobLease(job, LeaseEpoch.FIRST))).isPresent());

        Instant drainedAt = Instant.now();
        assertThat(drain(HttpMethod.POST).value()).isEqualTo(202);

        LeaseEnded returned = await().atMost(OUTCOME)
                .until(() -> events.find(LeaseEnded.class, e -> e.job().equals(job)), java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(returned.epoch()).isEqualTo(LeaseEpoch.FIRST);
        assertThat(returned.workerId()).isEqualTo("it-worker");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.find(WorkerHeartbeat.class,
                beat -> beat.sentAt().isAfter(drainedAt.plusMillis(500)) && beat.jobs().isEmpty()
                        && beat.capacity() == 0).isPresent());
        assertThat(assign(JobId.random(), origin.url("/files/payload.bin")).value()).as("no new job").isEqualTo(409);
        assertThat(events.find(JobFailed.class, e -> e.job().equals(job))).isEmpty();

        assertThat(drain(HttpMethod.DELETE).value()).isEqualTo(204);
        Instant undrainedAt = Instant.now();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.find(WorkerHeartbeat.class,
                beat -> beat.sentAt().isAfter(undrainedAt) && beat.capacity() == 2).isPresent());
    }

    @Test
    void checkpointsEachStoredPartOfAFileFromAnOriginThatServesRanges() {
        JobId job = JobId.random();

        assertThat(assign(job, origin.url("/ranged/checkpointed.bin")).value()).isEqualTo(202);

        await().atMost(OUTCOME).until(() -> events.find(JobCompleted.class, e -> e.job().equals(job)).isPresent());
        List<JobCheckpoint> checkpoints = events.recordsOf(JobCheckpoint.class).stream()
                .map(record -> (JobCheckpoint) record.value()).filter(checkpoint -> checkpoint.job().equals(job))
                .toList();
        long part = 5L << 20;
        assertThat(checkpoints).extracting(JobCheckpoint::bytes).containsExactly(part, 2 * part);
        assertThat(checkpoints).allSatisfy(checkpoint -> {
            assertThat(checkpoint.epoch()).isEqualTo(LeaseEpoch.FIRST);
            assertThat(checkpoint.key()).isEqualTo("uploads/" + job + "/1/0");
            assertThat(checkpoint.length()).isEqualTo(PAYLOAD.length);
            assertThat(checkpoint.validator()).isEqualTo("\"r1\"");
            assertThat(checkpoint.parts()).extracting(UploadedPart::size).containsOnly(part);
        });
        assertThat(checkpoints.getLast().parts()).extracting(UploadedPart::number).containsExactly(1, 2);
        List<JobProgressed> progress = events.recordsOf(JobProgressed.class).stream()
                .map(record -> (JobProgressed) record.value()).filter(event -> event.job().equals(job)).toList();
        assertThat(progress).as("under its lease, from connecting to storing").isNotEmpty()
                .allSatisfy(event -> assertThat(event.epoch()).isEqualTo(LeaseEpoch.FIRST));
        assertThat(progress.getFirst().phase()).isEqualTo(JobPhase.CONNECTING);
        assertThat(progress.getLast().phase()).isEqualTo(JobPhase.STORING);
    }

    @Test
    void carriesOnFromTheCheckpointAnEarlierLeaseLeftFetchingOnlyTheRestAndStoresTheWholeFile(
            @Autowired StagingStore staging) throws Exception {
        JobId job = JobId.random();
        String earlier = "uploads/" + job + "/1/0";
        long part = 5L << 20;
        List<JobCheckpoint> left = new ArrayList<>();
        // the worker of the first lease stored two parts and died in the third
        InputStream dying = new SequenceInputStream(new ByteArrayInputStream(PAYLOAD, 0, (int) (2 * part) + 4096),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("killed");
                    }
                });
        assertThatThrownBy(() -> staging.putCheckpointed(earlier, dying, PAYLOAD.length, part,
                (uploadId, parts, bytes) -> left.add(new JobCheckpoint(job, LeaseEpoch.FIRST, "dead", earlier,
                        uploadId, parts, bytes, PAYLOAD.length, "\"r1\"", Instant.now()))))
                .isInstanceOf(IOException.class);
        assertThat(left).extracting(JobCheckpoint::bytes).containsExactly(part, 2 * part);

        assertThat(assign(job, origin.url("/ranged/resumed.bin"), new LeaseEpoch(2), left.getLast()).value())
                .isEqualTo(202);

        awaitPayloadStored(job);
        assertThat(sha256(readUploadedObject("uploads/" + job + "/2/0"))).isEqualTo(sha256(PAYLOAD));
        assertThat(rangesAsked.get("/ranged/resumed.bin")).as("every request starts after the checkpoint")
                .isNotEmpty().allSatisfy(range -> assertThat(Long.parseLong(range.replaceAll("bytes=(\\d+)-.*", "$1")))
                        .isGreaterThanOrEqualTo(2 * part));
        assertThat(rangedBytes.get("/ranged/resumed.bin").get()).as("only the rest fetched")
                .isEqualTo(PAYLOAD.length - 2 * part);
        assertThat(uploadedObjects("uploads/" + job + "/1/")).as("the earlier lease's prefix, read back, is gone")
                .isEmpty();
    }

    /** Writes zeros until the reader goes away. */
    static void sendForever(HttpExchange exchange) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // the worker closed the connection
        }
    }

    /** PAYLOAD under a strong ETag, whole or in the single range asked (held to the ETag by If-Range). */
    private static void serveRanged(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        rangesAsked.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(range == null ? "" : range);
        exchange.getResponseHeaders().set("ETag", "\"r1\"");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        int from = 0;
        int to = PAYLOAD.length - 1;
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        if (range != null && (ifRange == null || ifRange.equals("\"r1\""))) {
            String[] ends = range.substring("bytes=".length()).split("-", -1);
            from = Integer.parseInt(ends[0]);
            to = ends[1].isBlank() ? to : Math.min(to, Integer.parseInt(ends[1]));
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + PAYLOAD.length);
            exchange.sendResponseHeaders(206, to - from + 1);
        } else {
            exchange.sendResponseHeaders(200, PAYLOAD.length);
        }
        try (var out = exchange.getResponseBody()) {
            out.write(PAYLOAD, from, to - from + 1);
        }
        rangedBytes.computeIfAbsent(path, p -> new AtomicLong()).addAndGet(to - from + 1);
    }

    @Test
    void reportsTheOriginsErrorStatus() {
        JobFailed failed = assignAndAwaitFailure(origin.url("/missing"));

        assertThat(failed.type()).isEqualTo(FailureType.ORIGIN_HTTP_STATUS);
        assertThat(failed.detail()).isEqualTo("origin answered 404 Not Found");
    }

    @Test
    void refusesARedirectToALoopbackPortThatIsNotAllowlisted() {
        int registrationsBefore = storage.hits("/internal/contents");

        JobFailed failed = assignAndAwaitFailure(origin.url("/redirect-inward"));

        assertThat(failed.type()).isEqualTo(FailureType.BLOCKED_ADDRESS);
        assertThat(failed.detail()).contains("127.0.0.1").contains("port " + storage.port())
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(storage.hits("/internal/contents")).as("the worker never reached the blocked port")
                .isEqualTo(registrationsBefore);
    }

    @Test
    void reportsAHostThatDoesNotResolve() {
        JobFailed failed = assignAndAwaitFailure("http://nonexistent.invalid/file.bin");

        assertThat(failed.type()).isEqualTo(FailureType.HOST_NOT_FOUND);
        assertThat(failed.detail()).contains("nonexistent.invalid");
    }

    @Test
    void publishesHeartbeatsWithItsAddressAndLoad() {
        WorkerHeartbeat heartbeat = await().atMost(OUTCOME)
                .until(() -> events.find(WorkerHeartbeat.class, e -> e.workerId().equals("it-worker")),
                        java.util.Optional::isPresent)
                .orElseThrow();

        assertThat(heartbeat.capacity()).isEqualTo(2);
        assertThat(heartbeat.freeDiskBytes()).isPositive();
        assertThat(heartbeat.cpuLoad()).isBetween(0.0, 1.0);
        assertThat(heartbeat.address()).isNotNull();
        assertThat(events.recordsOf(WorkerHeartbeat.class)).allSatisfy(record ->
                assertThat(record.key()).isEqualTo("it-worker"));
    }

    /** Waits for the job's completion and checks that it stored PAYLOAD, whole, as one file. */
    private static void awaitPayloadStored(JobId job) throws Exception {
        JobCompleted completed = await().atMost(OUTCOME)
                .until(() -> events.find(JobCompleted.class, e -> e.job().equals(job)), java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(completed.files()).singleElement().satisfies(file -> {
            assertThat(file.size()).isEqualTo(PAYLOAD.length);
            assertThat(file.sha256()).isEqualTo(ContentHash.of(sha256(PAYLOAD)));
        });
    }

    private JobFailed assignAndAwaitFailure(String url) {
        JobId job = JobId.random();
        assertThat(assign(job, url).value()).isEqualTo(202);
        return await().atMost(OUTCOME)
                .until(() -> events.find(JobFailed.class, e -> e.job().equals(job)), java.util.Optional::isPresent)
                .orElseThrow();
    }

    private long completions(JobId job) {
        return events.recordsOf(JobCompleted.class).stream()
                .filter(record -> ((JobCompleted) record.value()).job().equals(job))
                .count();
    }

    /** The worker takes jobs and drain orders from task-distribution only. */
    private static final java.util.function.Supplier<String> DISTRIBUTION_TOKEN =
            () -> TestSecrets.tokenFrom("task-distribution-service", "download-worker");

    private HttpStatusCode drain(HttpMethod method) {
        return http.baseUrl("http://127.0.0.1:" + port).build().method(method).uri("/internal/drain")
                .header(TestSecrets.SERVICE_TOKEN_HEADER, DISTRIBUTION_TOKEN.get())
                .retrieve().toBodilessEntity().getStatusCode();
    }

    private HttpStatusCode assign(JobId job, String url) {
        return assign(job, url, LeaseEpoch.FIRST);
    }

    private HttpStatusCode assign(JobId job, String url, LeaseEpoch epoch) {
        return assign(job, url, epoch, null);
    }

    private HttpStatusCode assign(JobId job, String url, LeaseEpoch epoch, JobCheckpoint resumeFrom) {
        HttpSource source = new HttpSource(URI.create(url));
        return http.baseUrl("http://127.0.0.1:" + port).build()
                .post().uri("/internal/jobs")
                .header(TestSecrets.SERVICE_TOKEN_HEADER, DISTRIBUTION_TOKEN.get())
                .contentType(MediaType.APPLICATION_JSON)
                .body(new AssignJob(job, source.key(), source, epoch, resumeFrom))
                .exchange((request, response) -> response.getStatusCode());
    }

    private static List<String> uploadedObjects(String prefix) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint().toString())
                .credentials("it-access", "it-secret-key").region("us-east-1").build();
        List<String> keys = new java.util.ArrayList<>();
        for (var item : client.listObjects(io.minio.ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix)
                .recursive(true).build())) {
            String key = item.get().objectName();
            if (!key.endsWith("/")) { // S3Proxy lists its file system's folders too, empty ones included
                keys.add(key);
            }
        }
        return keys;
    }

    private static byte[] readUploadedObject(String key) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint().toString())
                .credentials("it-access", "it-secret-key").region("us-east-1").build();
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return ContentHash.ofDigest(MessageDigest.getInstance("SHA-256").digest(bytes)).hex();
    }
}
