package dev.cloudget.worker;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.JobLease;
import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.infra.S3Server;
import dev.cloudget.worker.support.EventLog;
import dev.cloudget.worker.support.StubHttpServer;
import dev.cloudget.worker.support.WorkerCalls;
import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Origins that would exhaust the farm (issue 10): one declaring 5 TiB, the most S3 holds — accepted here, with
 * {@code max-object-size} at S3's own limit, so that the worker streams it in the 525 MiB parts such a length takes —
 * and one trickling above the throughput floor. Both end FAILED with their own type, and the worker's heap holds no
 * part: it grows by a few MiB while 128 MiB of the 5 TiB are in flight.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.worker.id=hostile-it-worker",
        "cloudget.worker.capacity=2",
        "cloudget.worker.heartbeat-interval=200ms",
        "cloudget.worker.max-object-size=5TB",
        "cloudget.worker.stall-timeout=4s",
        "cloudget.worker.job-deadline=15s",
        // the default throughput floor: 1 KB/s averaged over 60 s
        "cloudget.worker.http.min-throughput=1KB",
        "cloudget.worker.http.throughput-window=60s",
        // one stream, however slow: the origins here serve no ranges of what they declare
        "cloudget.worker.http.segment-below=0"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers", topics = {
        Topics.WORKER_HEARTBEAT, Topics.WORKER_JOB_PROGRESS, Topics.WORKER_JOB_COMPLETED, Topics.WORKER_JOB_FAILED,
        Topics.JOB_CANCELLED, Topics.LEASE_REVOKED, Topics.LEASE_RETURNED, Topics.WORKER_JOB_CHECKPOINT})
class HostileOriginIT {

    private static final Logger log = LoggerFactory.getLogger(HostileOriginIT.class);
    private static final long MIB = 1L << 20;
    private static final long FIVE_TIB = 5_497_558_138_880L;
    /** What the 5 TiB origin sends before it falls silent: far more than the heap may grow by. */
    private static final long SENT_BEFORE_SILENCE = 128 * MIB;
    /** "A worker holds at most a few MiB per download", with room for the JVM's own noise. */
    private static final long HEAP_GROWTH_LIMIT = 32 * MIB;
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String BUCKET = "cloudget";

    static S3Server s3;
    static StubHttpServer origin;
    static StubHttpServer storage;
    static EventLog events;
    static final CountDownLatch testsOver = new CountDownLatch(1);
    static final AtomicLong hugeSent = new AtomicLong();
    static final AtomicLong rangedSent = new AtomicLong();

    @LocalServerPort
    int port;

    @Autowired
    RestClient.Builder http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        Path root = Files.createTempDirectory("hostile-origin-it");
        s3 = S3Server.start(0, root.resolve("s3"), "it-access", "it-secret-key");
        storage = StubHttpServer.start().on("/internal/contents", exchange ->
                StubHttpServer.send(exchange, 500, "text/plain", new byte[0]));
        origin = StubHttpServer.start()
                // declares 5 TiB, sends 128 MiB as fast as it is read, then nothing until the tests end
                .on("/five-tib.iso", exchange -> fiveTebibytesThenSilence(exchange, hugeSent))
                // the same under a strong ETag, saying it serves ranges: stored checkpointed, part by part
                .on("/five-tib-ranged.iso", exchange -> {
                    exchange.getResponseHeaders().set("ETag", "\"t1\"");
                    exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
                    fiveTebibytesThenSilence(exchange, rangedSent);
                })
                // declares 10 MB and sends 1 KiB every half second (2 KiB/s, twice the floor) until the tests end
                .on("/trickle.bin", exchange -> {
                    exchange.sendResponseHeaders(200, 10_000_000);
                    OutputStream out = exchange.getResponseBody();
                    try {
                        do {
                            out.write(new byte[1024]);
                            out.flush();
                        } while (!testsOver.await(500, TimeUnit.MILLISECONDS));
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
        registry.add("cloudget.worker.scratch-dir", () -> root.resolve("scratch").toString());
    }

    @BeforeAll
    static void listen(@Autowired EmbeddedKafkaBroker kafka) {
        events = new EventLog(kafka.getBrokersAsString(), Topics.WORKER_HEARTBEAT, Topics.WORKER_JOB_FAILED,
                Topics.WORKER_JOB_COMPLETED);
    }

    @AfterAll
    static void stop() throws Exception {
        testsOver.countDown();
        events.close();
        origin.close();
        storage.close();
        s3.close();
    }

    @Test
    void anOriginDeclaringFiveTebibytesIsStreamedWithoutGrowingTheHeapAndFailsStalledWhenItFallsSilent()
            throws Exception {
        long before = heapAfterGc();
        JobId job = JobId.random();
        assertThat(assign(job, origin.url("/five-tib.iso")).value()).isEqualTo(202);

        // every byte sent is in the worker or in the loopback socket buffers (a few MiB)
        await().atMost(Duration.ofSeconds(30)).until(() -> hugeSent.get() >= SENT_BEFORE_SILENCE);
        long during = heapAfterGc();
        Instant measured = Instant.now();
        log.info("Heap after GC: {} MiB before the job, {} MiB with {} MiB of its 5 TiB in flight (+{} KiB)",
                before / MIB, during / MIB, SENT_BEFORE_SILENCE / MIB, (during - before) / 1024);

        // proof that the job, and whatever it holds, was still there when the heap was measured
        await().atMost(Duration.ofSeconds(5)).until(() -> events.find(WorkerHeartbeat.class,
                beat -> beat.sentAt().isAfter(measured) && beat.jobs().contains(new JobLease(job, LeaseEpoch.FIRST)))
                .isPresent());
        assertThat(during - before).as("heap growth with %d MiB of a 5 TiB body in flight",
                SENT_BEFORE_SILENCE / MIB).isLessThan(HEAP_GROWTH_LIMIT);

        JobFailed failed = awaitFailure(job);
        assertThat(failed.type()).isEqualTo(FailureType.STALLED);
        assertThat(failed.detail()).startsWith("nothing arrived from the origin for 4 s");
        await("the multipart upload is aborted").atMost(Duration.ofSeconds(10))
                .until(() -> uploadedObjects("uploads/" + job + "/").isEmpty());
    }

    @Test
    void anOriginTricklingAboveTheThroughputFloorFailsAtTheJobDeadlineAndFreesItsSlot() {
        JobId job = JobId.random();
        Instant assigned = Instant.now();
        assertThat(assign(job, origin.url("/trickle.bin")).value()).isEqualTo(202);

        JobFailed failed = awaitFailure(job);

        assertThat(failed.type()).isEqualTo(FailureType.DEADLINE_EXCEEDED);
        assertThat(failed.detail()).isEqualTo("the job did not finish within its deadline of 15s");
        assertThat(Duration.between(assigned, failed.failedAt())).isBetween(DEADLINE, DEADLINE.plusSeconds(5));
        await("its slot is free").atMost(Duration.ofSeconds(5)).until(() -> events.find(WorkerHeartbeat.class,
                beat -> beat.sentAt().isAfter(failed.failedAt()) && beat.jobs().isEmpty()).isPresent());
        await("nothing staged is left").atMost(Duration.ofSeconds(10))
                .until(() -> uploadedObjects("uploads/" + job + "/").isEmpty());
    }

    @Test
    void aFiveTebibyteFileFromAnOriginServingRangesIsCheckpointedInPartsItsSizeNeedsAndFailsStalled() throws Exception {
        JobId job = JobId.random();
        assertThat(assign(job, origin.url("/five-tib-ranged.iso")).value()).isEqualTo(202);

        JobFailed failed = awaitFailure(job);

        // parts of 525 MiB, ten thousand of them: longer than the checkpoint interval, which grows with them
        assertThat(failed.type()).isEqualTo(FailureType.STALLED);
        assertThat(rangedSent.get()).isEqualTo(SENT_BEFORE_SILENCE);
        await("the multipart upload is aborted").atMost(Duration.ofSeconds(10))
                .until(() -> uploadedObjects("uploads/" + job + "/").isEmpty());
    }

    private static void fiveTebibytesThenSilence(HttpExchange exchange, AtomicLong counted) throws Exception {
        exchange.sendResponseHeaders(200, FIVE_TIB);
        OutputStream out = exchange.getResponseBody();
        byte[] chunk = new byte[64 * 1024];
        for (long sent = 0; sent < SENT_BEFORE_SILENCE; sent += chunk.length) {
            out.write(chunk);
            counted.addAndGet(chunk.length);
        }
        out.flush();
        testsOver.await();
    }

    /**
     * The heap in use after a full collection: what is reachable, a part buffer held by a running job included, and
     * none of the garbage a streaming copy leaves behind it.
     */
    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static JobFailed awaitFailure(JobId job) {
        return await().atMost(DEADLINE.plusSeconds(30))
                .until(() -> events.find(JobFailed.class, e -> e.job().equals(job)), Optional::isPresent)
                .orElseThrow();
    }

    private HttpStatusCode assign(JobId job, String url) {
        return WorkerCalls.assign(http, port, job, url);
    }

    private static List<String> uploadedObjects(String prefix) throws Exception {
        return WorkerCalls.objectsUnder(s3, BUCKET, prefix);
    }
}
