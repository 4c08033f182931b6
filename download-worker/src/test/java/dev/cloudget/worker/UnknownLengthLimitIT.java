package dev.cloudget.worker;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.infra.S3Server;
import dev.cloudget.worker.support.EventLog;
import dev.cloudget.worker.support.StubHttpServer;
import dev.cloudget.worker.support.WorkerCalls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An origin that declares no length and would send bytes for ever, against a worker that stores at most 16 MB: the
 * job fails {@code too-large} once the bytes pass the limit, its upload aborted, nothing registered, no spool file left.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.worker.id=unknown-length-it-worker",
        "cloudget.worker.heartbeat-interval=200ms",
        "cloudget.worker.max-object-size=16MB"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers", topics = {
        Topics.WORKER_HEARTBEAT, Topics.WORKER_JOB_PROGRESS, Topics.WORKER_JOB_COMPLETED, Topics.WORKER_JOB_FAILED,
        Topics.JOB_CANCELLED, Topics.LEASE_REVOKED, Topics.LEASE_RETURNED, Topics.WORKER_JOB_CHECKPOINT})
class UnknownLengthLimitIT {

    private static final long LIMIT = 16L << 20;
    private static final String BUCKET = "cloudget";

    static S3Server s3;
    static StubHttpServer origin;
    static StubHttpServer storage;
    static EventLog events;
    static Path scratch;
    static final AtomicLong sent = new AtomicLong();

    @LocalServerPort
    int port;

    @Autowired
    RestClient.Builder http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        Path root = Files.createTempDirectory("unknown-length-it");
        scratch = root.resolve("scratch");
        s3 = S3Server.start(0, root.resolve("s3"), "it-access", "it-secret-key");
        storage = StubHttpServer.start().on("/internal/contents", exchange ->
                StubHttpServer.send(exchange, 500, "text/plain", new byte[0]));
        origin = StubHttpServer.start()
                // chunked, no Content-Length: zeros for as long as they are read
                .on("/endless", exchange -> {
                    exchange.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    try (OutputStream out = exchange.getResponseBody()) {
                        while (true) {
                            out.write(chunk);
                            sent.addAndGet(chunk.length);
                        }
                    } catch (IOException e) {
                        // the worker gave up
                    }
                });

        registry.add("cloudget.s3.endpoint", () -> s3.endpoint().toString());
        registry.add("cloudget.s3.access-key", () -> "it-access");
        registry.add("cloudget.s3.secret-key", () -> "it-secret-key");
        registry.add("cloudget.s3.bucket", () -> BUCKET);
        registry.add("cloudget.services.storage.url", () -> "http://127.0.0.1:" + storage.port());
        registry.add("cloudget.worker.allowlist", () -> "127.0.0.1:" + origin.port());
        registry.add("cloudget.worker.scratch-dir", scratch::toString);
    }

    @BeforeAll
    static void listen(@Autowired EmbeddedKafkaBroker kafka) {
        events = new EventLog(kafka.getBrokersAsString(), Topics.WORKER_JOB_FAILED);
    }

    @AfterAll
    static void stop() throws Exception {
        events.close();
        origin.close();
        storage.close();
        s3.close();
    }

    @Test
    void aBodyOfUnknownLengthFailsTooLargeOnceItPassesTheLimitAndLeavesNothing() throws Exception {
        JobId job = JobId.random();
        assertThat(WorkerCalls.assign(http, port, job, origin.url("/endless")).value()).isEqualTo(202);

        JobFailed failed = await().atMost(Duration.ofSeconds(60))
                .until(() -> events.find(JobFailed.class, e -> e.job().equals(job)), Optional::isPresent)
                .orElseThrow();

        assertThat(failed.type()).isEqualTo(FailureType.TOO_LARGE);
        assertThat(failed.detail()).isEqualTo("the origin declared no length and sent more than " + LIMIT
                + " bytes; this worker stores at most " + LIMIT + " per file");
        assertThat(sent.get()).as("the origin was read past the limit").isGreaterThan(LIMIT);
        assertThat(storage.hits("/internal/contents")).as("nothing registered").isZero();
        assertThat(spoolFiles()).as("no spool file left on scratch disk").isEmpty();
        await("the multipart upload is aborted").atMost(Duration.ofSeconds(10))
                .until(() -> WorkerCalls.objectsUnder(s3, BUCKET, "uploads/" + job + "/").isEmpty());
    }

    private static java.util.List<Path> spoolFiles() throws IOException {
        if (!Files.exists(scratch)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(scratch)) {
            return files.filter(file -> file.getFileName().toString().startsWith("upload-")).toList();
        }
    }
}
