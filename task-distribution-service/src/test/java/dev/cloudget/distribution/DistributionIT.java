package dev.cloudget.distribution;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.tasks.JobCancelled;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.contracts.web.GatewayHeaders;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.contracts.worker.JobCheckpoint;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.JobLease;
import dev.cloudget.contracts.worker.JobPhase;
import dev.cloudget.contracts.worker.JobProgressed;
import dev.cloudget.contracts.worker.LeaseEnded;
import dev.cloudget.contracts.worker.UploadedPart;
import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.distribution.StubWorker.Answer;
import dev.cloudget.distribution.jobs.JobQueue;
import dev.cloudget.infra.Databases;
import dev.cloudget.testsupport.TestSecrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.distribution.dispatch-interval=100ms",
        // short, so that a worker answering late is seen as unanswered quickly
        "spring.http.clients.read-timeout=1s",
        // short, so that unanswered offers are sent again quickly
        "cloudget.distribution.refusal-backoff=1s",
        // short, so that a confirmed lease nobody renews is handed on quickly
        "cloudget.distribution.lease-duration=3s",
        // short, so that the census of jobs in flight follows quickly
        "cloudget.distribution.census-interval=200ms",
        "cloudget.gateway.secret=it-gateway-secret-0123456789"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers", topics = {
        Topics.WORKER_HEARTBEAT, Topics.JOB_REQUESTED, Topics.JOB_CANCELLED, Topics.JOB_COMPLETED, Topics.JOB_FAILED,
        Topics.WORKER_JOB_COMPLETED, Topics.WORKER_JOB_FAILED, Topics.LEASE_REVOKED, Topics.LEASE_RETURNED,
        Topics.WORKER_JOB_CHECKPOINT, Topics.WORKER_JOB_PROGRESS, Topics.JOB_PROGRESS})
class DistributionIT {

    private static final Duration OUTCOME = Duration.ofSeconds(20);

    @Autowired
    KafkaTemplate<String, Object> kafka;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobQueue queue;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @Autowired
    RestClient.Builder http;

    /** storage-service asks which lease is a job's current one. */
    private static final String STORAGE = TestSecrets.tokenFrom("storage-service", "task-distribution-service");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> Databases.ensure("cloudget_it_distribution", true));
        registry.add("spring.datasource.username", Databases::user);
        registry.add("spring.datasource.password", Databases::password);
    }

    @BeforeEach
    void emptyFarmAndQueue() {
        jdbc.sql("DELETE FROM jobs").update();
        jdbc.sql("DELETE FROM workers").update();
    }

    @Test
    void sendsARecordItCannotReadToTheDeadLetterTopicByteForByte() throws Exception {
        byte[] poison = "{not a heartbeat".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Object> raw = Map.of("bootstrap.servers", bootstrapServers,
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(raw)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.WORKER_HEARTBEAT, "poison",
                    poison));
        }
        Map<String, Object> reader = Map.of("bootstrap.servers", bootstrapServers,
                "group.id", "dlt-probe-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(reader)) {
            consumer.subscribe(List.of(Topics.WORKER_HEARTBEAT + Topics.DEAD_LETTER_SUFFIX));
            List<byte[]> deadLetters = new ArrayList<>();
            await().atMost(OUTCOME).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if ("poison".equals(record.key())) {
                        deadLetters.add(record.value());
                    }
                });
                return !deadLetters.isEmpty();
            });
            assertThat(deadLetters.getFirst()).isEqualTo(poison);
        }
        heartbeat("after-poison", URI.create("http://127.0.0.1:1"), 0, 4);
        awaitWorkers("after-poison");
    }

    @Test
    void handsARequestedJobToTheLiveWorkerAndShowsTheLease() throws Exception {
        try (StubWorker worker = StubWorker.accepting()) {
            heartbeat("solo", worker.address(), 0, 4);
            awaitWorkers("solo");
            JobId job = JobId.random();

            requestJob(job, "https://origin.example/file.iso");

            await().atMost(OUTCOME).until(() -> !worker.assignments().isEmpty());
            AssignJob assignment = json.readValue(worker.assignments().getFirst(), AssignJob.class);
            assertThat(assignment.job()).isEqualTo(job);
            assertThat(assignment.epoch().value()).isEqualTo(1);
            assertThat(assignment.source()).isEqualTo(new HttpSource(URI.create("https://origin.example/file.iso")));
            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "solo", "epoch", 1L));

            JsonNode farm = json.readTree(adminWorkers());
            assertThat(farm.get("workers")).singleElement().satisfies(node -> {
                assertThat(node.get("id").asString()).isEqualTo("solo");
                assertThat(node.get("live").asBoolean()).isTrue();
                assertThat(node.get("jobs")).singleElement().satisfies(lease -> {
                    assertThat(lease.get("job").asString()).isEqualTo(job.toString());
                    assertThat(lease.get("epoch").asLong()).isEqualTo(1);
                    assertThat(lease.get("confirmedAt").isNull()).as("the worker's 202 is recorded").isFalse();
                });
            });

            // what the worker says of the job goes on only under its lease; storage-service may ask which that is
            kafka.send(Topics.WORKER_JOB_PROGRESS, job.toString(), progress(job, "solo", new LeaseEpoch(2), 111)).get();
            kafka.send(Topics.WORKER_JOB_PROGRESS, job.toString(), progress(job, "other", LeaseEpoch.FIRST, 222)).get();
            kafka.send(Topics.WORKER_JOB_PROGRESS, job.toString(), progress(job, "solo", LeaseEpoch.FIRST, 333)).get();
            assertThat(records(job, Topics.JOB_PROGRESS, JobProgressed.class)).singleElement().satisfies(passed -> {
                assertThat(passed.bytesDone()).isEqualTo(333);
                assertThat(passed.phase()).isEqualTo(JobPhase.DOWNLOADING);
            });
            JsonNode current = json.readTree(http.baseUrl("http://127.0.0.1:" + port).build().get()
                    .uri("/internal/jobs/{job}/lease", job.value()).header(TestSecrets.SERVICE_TOKEN_HEADER, STORAGE)
                    .retrieve().body(String.class));
            assertThat(current.path("epoch").asLong()).isEqualTo(1);
            assertThat(current.path("status").asString()).isEqualTo("ASSIGNED");
            int unknown = http.baseUrl("http://127.0.0.1:" + port).build().get()
                    .uri("/internal/jobs/{job}/lease", UUID.randomUUID()).header(TestSecrets.SERVICE_TOKEN_HEADER, STORAGE)
                    .exchange((request, response) -> response.getStatusCode().value());
            assertThat(unknown).isEqualTo(404);
            int withoutToken = http.baseUrl("http://127.0.0.1:" + port).build().get()
                    .uri("/internal/jobs/{job}/lease", job.value())
                    .exchange((request, response) -> response.getStatusCode().value());
            assertThat(withoutToken).as("only storage asks for leases, with its token").isEqualTo(401);

            kafka.send(Topics.WORKER_JOB_COMPLETED, job.toString(), new JobCompleted(job, "solo", List.of(),
                    Instant.now(), null, List.of(), LeaseEpoch.FIRST)).get();
            await().atMost(OUTCOME).until(() -> status(job).equals("DONE"));
        }
    }

    @Test
    void prefersTheLessLoadedWorker() throws Exception {
        try (StubWorker busy = StubWorker.accepting(); StubWorker idle = StubWorker.accepting()) {
            heartbeat("busy", busy.address(), 3, 4);
            heartbeat("idle", idle.address(), 1, 4);
            awaitWorkers("busy", "idle");
            JobId job = JobId.random();

            requestJob(job, "https://origin.example/a.bin");

            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(idle.assignments()).singleElement().asString().contains(job.toString());
            assertThat(busy.assignments()).isEmpty();
        }
    }

    @Test
    void keepsAMagnetWaitingUntilAWorkerThatRunsBitTorrentBeatsAndShowsEachWorkersEnginesAndThroughput()
            throws Exception {
        try (StubWorker httpOnly = StubWorker.accepting(); StubWorker swarming = StubWorker.accepting()) {
            kafka.send(Topics.WORKER_HEARTBEAT, "http-only", new WorkerHeartbeat("http-only", httpOnly.address(),
                    50L << 30, 0.1, 0, 4, Instant.now(), List.of(), 7_000_000, Set.of(Engine.HTTP, Engine.FTP))).get();
            awaitWorkers("http-only");
            MagnetSource magnet = new MagnetSource(new InfoHash("0123456789abcdef0123456789abcdef01234567"), "a.iso",
                    List.of(), List.of(), FileSelection.ALL);
            JobId torrentJob = JobId.random();
            kafka.send(Topics.JOB_REQUESTED, torrentJob.toString(),
                    new JobRequested(torrentJob, magnet.key(), magnet, Instant.now(), null)).get();
            JobId linkJob = JobId.random();

            // requested after the magnet, on the same partition: the round that places it has seen the magnet waiting
            requestJob(linkJob, "https://origin.example/after-the-magnet.bin");

            await().atMost(OUTCOME).until(() -> confirmed(linkJob));
            assertThat(status(torrentJob)).isEqualTo("WAITING");
            assertThat(httpOnly.assignments()).singleElement().asString().contains(linkJob.toString());

            // busier than the HTTP-only worker in every figure, but the only one that joins swarms
            kafka.send(Topics.WORKER_HEARTBEAT, "swarming", new WorkerHeartbeat("swarming", swarming.address(),
                    10L << 30, 0.8, 3, 4, Instant.now(), List.of(), 90_000_000, null)).get();
            await().atMost(OUTCOME).until(() -> confirmed(torrentJob));
            assertThat(swarming.assignments()).singleElement().asString().contains(torrentJob.toString());
            assertThat(httpOnly.assignments()).hasSize(1);

            JsonNode farm = json.readTree(adminWorkers());
            Map<String, JsonNode> shown = new HashMap<>();
            farm.get("workers").forEach(worker -> shown.put(worker.get("id").asString(), worker));
            assertThat(shown.get("http-only").get("bytesPerSecond").asLong()).isEqualTo(7_000_000);
            assertThat(shown.get("http-only").get("engines").values()).extracting(JsonNode::asString)
                    .containsExactly("HTTP", "FTP");
            assertThat(shown.get("swarming").get("bytesPerSecond").asLong()).isEqualTo(90_000_000);
            assertThat(shown.get("swarming").get("engines").values()).extracting(JsonNode::asString)
                    .as("a heartbeat that names no engines: every engine").containsExactly("HTTP", "FTP", "BITTORRENT");
        }
    }

    @Test
    void keepsAJobWaitingWhileNoWorkerIsAliveAndAssignsItOnceOneBeats() throws Exception {
        try (StubWorker late = StubWorker.accepting()) {
            JobId job = JobId.random();
            requestJob(job, "https://origin.example/b.bin");
            await().atMost(OUTCOME).until(() -> status(job).equals("WAITING"));

            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> status(job).equals("WAITING"));

            heartbeat("late", late.address(), 0, 2);
            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(late.assignments()).singleElement().asString().contains(job.toString());
        }
    }

    @Test
    void movesOnToAnotherWorkerWhenTheChosenOneRefuses() throws Exception {
        try (StubWorker refusing = StubWorker.full(); StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("refusing", refusing.address(), spare);
            JobId job = JobId.random();

            requestJob(job, "https://origin.example/c.bin");

            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(refusing.assignments()).as("offered to the least loaded first").isNotEmpty();
            assertThat(spare.assignments()).singleElement().asString().contains(job.toString());
            assertThat(jdbc.sql("SELECT worker_id FROM jobs WHERE job_id = :job").param("job", job.value())
                    .query(String.class).single()).isEqualTo("spare");
        }
    }

    @Test
    void offersAnUnansweredLeaseAgainToTheSameWorkerUnderTheSameEpochUntilItConfirms() throws Exception {
        try (StubWorker late = StubWorker.answering(Answer.late(202, Duration.ofSeconds(3)), Answer.now(202));
                StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("late", late.address(), spare);
            JobId job = JobId.random();

            requestJob(job, "https://origin.example/slow-answer.bin");

            await().atMost(OUTCOME).until(() -> !late.assignments().isEmpty());
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "late", "epoch", 1L));
            assertThat(confirmed(job)).as("no answer within the 1 s read timeout").isFalse();
            // the worker may be fetching it: the job stays with it and the same offer is sent again
            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(late.assignments()).hasSize(2).allSatisfy(body -> {
                AssignJob offer = json.readValue(body, AssignJob.class);
                assertThat(offer.job()).isEqualTo(job);
                assertThat(offer.epoch().value()).isEqualTo(1);
            });
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "late", "epoch", 1L));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> late.assignments().size() == 2 && spare.assignments().isEmpty());
        }
    }

    @Test
    void givesAJobToAnotherWorkerUnderAHigherEpochWhenTheOneThatAnswered5xxRefusesItsRepeat() throws Exception {
        try (StubWorker flaky = StubWorker.answering(Answer.now(500), Answer.now(409));
                StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("flaky", flaky.address(), spare);
            JobId job = JobId.random();

            requestJob(job, "https://origin.example/server-error.bin");

            await().atMost(OUTCOME).until(() -> !spare.assignments().isEmpty());
            assertThat(flaky.assignments()).hasSize(2).allSatisfy(body ->
                    assertThat(json.readValue(body, AssignJob.class).epoch().value()).isEqualTo(1));
            assertThat(json.readValue(spare.assignments().getFirst(), AssignJob.class).epoch().value()).isEqualTo(2);
            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "spare", "epoch", 2L));
        }
    }

    @Test
    void givesAnUnconfirmedLeaseToAnotherWorkerWhenItsWorkerStopsBeating() throws Exception {
        try (StubWorker failing = StubWorker.answering(Answer.now(503));
                StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("failing", failing.address(), spare);
            JobId job = JobId.random();
            requestJob(job, "https://origin.example/silent-worker.bin");
            await().atMost(OUTCOME).until(() -> !failing.assignments().isEmpty());
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "failing", "epoch", 1L));

            // as if its heartbeats had stopped an hour ago
            jdbc.sql("UPDATE workers SET last_seen_at = now() - interval '1 hour' WHERE id = 'failing'").update();

            await().atMost(OUTCOME).until(() -> !spare.assignments().isEmpty());
            assertThat(json.readValue(spare.assignments().getFirst(), AssignJob.class).epoch().value()).isEqualTo(2);
            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "spare", "epoch", 2L));
        }
    }

    @Test
    void aConfirmedLeaseItsWorkerKeepsRenewingHolds() throws Exception {
        try (StubWorker worker = StubWorker.accepting()) {
            heartbeat("renewing", worker.address(), 0, 4);
            awaitWorkers("renewing");
            JobId job = JobId.random();
            requestJob(job, "https://origin.example/long.iso");
            await().atMost(OUTCOME).until(() -> confirmed(job));

            // heartbeats naming the job, for longer than a lease (3 s) lasts
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        heartbeat("renewing", worker.address(), 1, 4, List.of(new JobLease(job, LeaseEpoch.FIRST)));
                        return lease(job).equals(Map.of("status", "ASSIGNED", "worker", "renewing", "epoch", 1L));
                    });
            assertThat(worker.assignments()).hasSize(1);
        }
    }

    @Test
    void aConfirmedLeaseWhoseWorkerFallsSilentGoesToAnotherAndOnlyTheNewLeasesOutcomeIsPassedOn() throws Exception {
        try (StubWorker silent = StubWorker.accepting(); StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("silent", silent.address(), spare);
            JobId job = JobId.random();
            double failoversBefore = counted("cloudget.distribution.failovers", "cause", "lease-expired");
            double placementsBefore = counted("cloudget.distribution.placements");
            requestJob(job, "https://origin.example/failover.iso");
            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "silent", "epoch", 1L));

            // its heartbeats stop (and with them the renewals); the spare's go on
            jdbc.sql("UPDATE workers SET last_seen_at = now() - interval '1 hour' WHERE id = 'silent'").update();
            heartbeat("spare", spare.address(), 3, 4);

            await().atMost(OUTCOME).until(() -> !spare.assignments().isEmpty());
            assertThat(json.readValue(spare.assignments().getFirst(), AssignJob.class).epoch().value()).isEqualTo(2);
            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "spare", "epoch", 2L));
            assertThat(counted("cloudget.distribution.failovers", "cause", "lease-expired") - failoversBefore)
                    .isGreaterThanOrEqualTo(1);
            assertThat(counted("cloudget.distribution.placements") - placementsBefore).isGreaterThanOrEqualTo(2);
            assertThat(meters.find("cloudget.distribution.queue.depth").gauge()).isNotNull();
            // the census counts it among the leased jobs of its kind
            await().atMost(OUTCOME).until(() -> {
                var assigned = meters.find("cloudget.distribution.jobs").tags("state", "assigned", "type", "http")
                        .gauge();
                return assigned != null && assigned.value() >= 1;
            });

            // the silent worker comes back with a failure under its lost lease: refused; the spare's completion passes
            kafka.send(Topics.WORKER_JOB_FAILED, job.toString(), new JobFailed(job, "silent",
                    FailureType.NETWORK_ERROR, "late", Instant.now(), LeaseEpoch.FIRST)).get();
            kafka.send(Topics.WORKER_JOB_COMPLETED, job.toString(), new JobCompleted(job, "spare", List.of(),
                    Instant.now(), null, List.of(), new LeaseEpoch(2))).get();
            List<Object> passedOn = passedOn(job, JobCompleted.class);
            assertThat(passedOn).singleElement().isInstanceOfSatisfying(JobCompleted.class,
                    completed -> assertThat(completed.workerId()).isEqualTo("spare"));
            assertThat(status(job)).isEqualTo("DONE");
            // and the silent worker, should it still run the job, is told its lease is gone
            assertThat(records(job, Topics.LEASE_REVOKED, LeaseEnded.class)).singleElement().satisfies(revoked -> {
                assertThat(revoked.workerId()).isEqualTo("silent");
                assertThat(revoked.epoch()).isEqualTo(LeaseEpoch.FIRST);
            });
        }
    }

    @Test
    void theCurrentLeasesCheckpointGoesWithTheJobToItsNextWorkerAndOneUnderALostLeaseIsRefused() throws Exception {
        try (StubWorker silent = StubWorker.accepting(); StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("silent", silent.address(), spare);
            JobId job = JobId.random();
            requestJob(job, "https://origin.example/checkpointed.iso");
            await().atMost(OUTCOME).until(() -> confirmed(job));
            JobCheckpoint stored = checkpoint(job, 1, "silent", 2);
            kafka.send(Topics.WORKER_JOB_CHECKPOINT, job.toString(), stored).get();
            await().atMost(OUTCOME).until(() -> checkpointedBytes(job) == stored.bytes());

            jdbc.sql("UPDATE workers SET last_seen_at = now() - interval '1 hour' WHERE id = 'silent'").update();
            heartbeat("spare", spare.address(), 3, 4);

            await().atMost(OUTCOME).until(() -> !spare.assignments().isEmpty());
            AssignJob handedOn = json.readValue(spare.assignments().getFirst(), AssignJob.class);
            assertThat(handedOn.epoch().value()).isEqualTo(2);
            assertThat(handedOn.resumeFrom()).usingRecursiveComparison().isEqualTo(stored);

            // the spare checkpoints its own upload; the silent worker, still running, one further under its lost lease
            JobCheckpoint spares = checkpoint(job, 2, "spare", 1);
            kafka.send(Topics.WORKER_JOB_CHECKPOINT, job.toString(), spares).get();
            await().atMost(OUTCOME).until(() -> checkpointedBytes(job) == spares.bytes());
            double refusedBefore = counted("cloudget.distribution.stale.checkpoints");
            kafka.send(Topics.WORKER_JOB_CHECKPOINT, job.toString(), checkpoint(job, 1, "silent", 3)).get();
            await().atMost(OUTCOME).until(() -> counted("cloudget.distribution.stale.checkpoints") == refusedBefore + 1);
            assertThat(checkpointedBytes(job)).isEqualTo(spares.bytes());
        }
    }

    private static JobProgressed progress(JobId job, String worker, LeaseEpoch epoch, long done) {
        return new JobProgressed(job, worker, done, 1000, 10, Instant.now(), null, null, epoch, JobPhase.DOWNLOADING,
                1);
    }

    private static JobCheckpoint checkpoint(JobId job, long epoch, String worker, int parts) {
        long part = 32L << 20;
        List<UploadedPart> uploaded = new ArrayList<>();
        for (int number = 1; number <= parts; number++) {
            uploaded.add(new UploadedPart(number, "\"etag-" + number + "\"", part));
        }
        return new JobCheckpoint(job, new LeaseEpoch(epoch), worker, "uploads/" + job + "/" + epoch + "/0",
                "upload-" + worker, uploaded, parts * part, 16 * part, "\"origin-etag\"",
                Instant.parse("2026-11-27T05:00:00Z"));
    }

    private long checkpointedBytes(JobId job) {
        return jdbc.sql("SELECT coalesce((checkpoint->>'bytes')::bigint, -1) FROM jobs WHERE job_id = :job")
                .param("job", job.value()).query(Long.class).single();
    }

    private double counted(String name, String... tags) {
        Counter counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aLeaseHandedBackByAWorkerShuttingDownGoesElsewhereAtOnce() throws Exception {
        try (StubWorker leaving = StubWorker.accepting(); StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("leaving", leaving.address(), spare);
            JobId job = JobId.random();
            requestJob(job, "https://origin.example/drained.iso");
            await().atMost(OUTCOME).until(() -> confirmed(job));
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "leaving", "epoch", 1L));
            // it stops taking jobs: as far as distribution knows, it is full
            heartbeat("leaving", leaving.address(), 4, 4);

            kafka.send(Topics.LEASE_RETURNED, job.toString(), new LeaseEnded(job, LeaseEpoch.FIRST, "leaving",
                    Instant.now())).get();

            // well before the lease (3 s) would have run out
            await().atMost(Duration.ofMillis(2500)).until(() -> !spare.assignments().isEmpty());
            assertThat(json.readValue(spare.assignments().getFirst(), AssignJob.class).epoch().value()).isEqualTo(2);
        }
    }

    @Test
    void drainsAWorkerOnAnOperatorsWordAndLetsItTakeJobsAgain() throws Exception {
        try (StubWorker worker = StubWorker.accepting()) {
            heartbeat("drained", worker.address(), 1, 4);
            awaitWorkers("drained");

            assertThat(admin(HttpMethod.POST, "/api/v1/admin/workers/drained/drain").value()).isEqualTo(202);
            assertThat(admin(HttpMethod.DELETE, "/api/v1/admin/workers/drained/drain").value()).isEqualTo(204);
            assertThat(admin(HttpMethod.POST, "/api/v1/admin/workers/nobody/drain").value()).isEqualTo(404);

            assertThat(worker.drains()).containsExactly("POST", "DELETE");
        }
    }

    @Test
    void givesAJobAnUnreachableWorkerNeverGotToAnotherUnderAHigherEpoch() throws Exception {
        try (StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("gone", URI.create("http://127.0.0.1:" + closedPort()), spare);
            JobId job = JobId.random();

            requestJob(job, "https://origin.example/unreachable.bin");

            await().atMost(OUTCOME).until(() -> !spare.assignments().isEmpty());
            AssignJob assignment = json.readValue(spare.assignments().getFirst(), AssignJob.class);
            assertThat(assignment.job()).isEqualTo(job);
            assertThat(assignment.epoch().value()).as("the refused lease 1 is never reused").isEqualTo(2);
            await().atMost(OUTCOME).until(() -> lease(job).get("status").equals("ASSIGNED"));
            assertThat(lease(job)).isEqualTo(Map.of("status", "ASSIGNED", "worker", "spare", "epoch", 2L));
        }
    }

    @Test
    void ignoresARequestThatArrivesAfterItsCancellation() throws Exception {
        try (StubWorker worker = StubWorker.accepting()) {
            heartbeat("idle", worker.address(), 0, 4);
            awaitWorkers("idle");
            JobId job = JobId.random();

            kafka.send(Topics.JOB_CANCELLED, job.toString(), new JobCancelled(job, Instant.now())).get();
            await().atMost(OUTCOME).until(() -> status(job).equals("DONE"));
            requestJob(job, "https://origin.example/cancelled.bin");

            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> worker.assignments().isEmpty() && status(job).equals("DONE"));
        }
    }

    @Test
    void neverDispatchesAJobCancelledWhileItsOfferIsUnderWayEvenWhenTheWorkerRefuses() throws Exception {
        try (StubWorker refusing = StubWorker.answering((attempt, body) -> {
                    // the cancel is handled while the worker is still deciding (the listener's one call, made
                    // here so that it surely lands before the refusal)
                    queue.cancel(json.readValue(body, AssignJob.class).job());
                    return Answer.now(409);
                });
                StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("refusing", refusing.address(), spare);
            JobId job = JobId.random();

            requestJob(job, "https://origin.example/cancelled-during-offer.bin");

            await().atMost(OUTCOME).until(() -> !refusing.assignments().isEmpty());
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> status(job).equals("DONE") && spare.assignments().isEmpty()
                            && refusing.assignments().size() == 1);
        }
    }

    @Test
    void neverOffersACancelledJobAgainWhoseOfferWentUnanswered() throws Exception {
        try (StubWorker failing = StubWorker.answering((attempt, body) -> {
                    if (attempt == 0) {
                        // task-management cancels while the worker is failing to answer
                        JobId offered = json.readValue(body, AssignJob.class).job();
                        kafka.send(Topics.JOB_CANCELLED, offered.toString(), new JobCancelled(offered, Instant.now()))
                                .get();
                        await().atMost(OUTCOME).until(() -> status(offered).equals("DONE"));
                    }
                    return Answer.now(500);
                });
                StubWorker spare = StubWorker.accepting()) {
            firstChoiceAndSpare("failing", failing.address(), spare);
            JobId job = JobId.random();

            requestJob(job, "https://origin.example/cancelled-unanswered.bin");

            await().atMost(OUTCOME).until(() -> !failing.assignments().isEmpty() && status(job).equals("DONE"));
            // well past the 1 s backoff after which an unanswered lease is offered again
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> status(job).equals("DONE") && spare.assignments().isEmpty()
                            && failing.assignments().size() == 1);
        }
    }

    @Test
    void ignoresARepeatedJobRequest() throws Exception {
        try (StubWorker worker = StubWorker.accepting()) {
            heartbeat("once", worker.address(), 0, 4);
            awaitWorkers("once");
            JobId job = JobId.random();

            requestJob(job, "https://origin.example/d.bin");
            await().atMost(OUTCOME).until(() -> confirmed(job));
            requestJob(job, "https://origin.example/d.bin");

            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
                    .until(() -> worker.assignments().size() == 1 && status(job).equals("ASSIGNED"));
        }
    }

    @Test
    void waitingJobsTakeTurnsAcrossTheirOwnersOldestFirst() throws Exception {
        // no worker beats: every job waits, in the order it is handed out
        JobId many1 = JobId.random(), many2 = JobId.random(), many3 = JobId.random(), many4 = JobId.random();
        JobId few1 = JobId.random(), few2 = JobId.random();
        JobId anonymous1 = JobId.random(), anonymous2 = JobId.random();
        JobId one = JobId.random();
        requestJob(many1, "https://origin.example/many-1", "many");
        requestJob(many2, "https://origin.example/many-2", "many");
        requestJob(many3, "https://origin.example/many-3", "many");
        requestJob(many4, "https://origin.example/many-4", "many");
        requestJob(few1, "https://origin.example/few-1", "few");
        requestJob(few2, "https://origin.example/few-2", "few");
        requestJob(anonymous1, "https://origin.example/anonymous-1");
        requestJob(one, "https://origin.example/one", "one");
        requestJob(anonymous2, "https://origin.example/anonymous-2");

        List<JobId> waiting = await().atMost(OUTCOME).until(() -> queue.waiting(100), jobs -> jobs.size() == 9);

        // every owner's first (jobs that name no owner are one owner's), then every owner's second, …
        assertThat(waiting).containsExactly(many1, few1, anonymous1, one, many2, few2, anonymous2, many3, many4);
        assertThat(queue.waiting(3)).containsExactly(many1, few1, anonymous1);
    }

    /** An offer as a stub worker received it. */
    private record Offer(String worker, JobId job) {
    }

    /** A worker of the farm below: {@code running} jobs besides ours (never finished here) of {@code capacity}. */
    private record Slots(String id, StubWorker stub, int running, int capacity, double cpuLoad) {

        int room() {
            return capacity - running;
        }
    }

    @Test
    void placesOneOwnersSingleJobInTheFirstRoundBeforeAnothersHundredsAndNeverBeyondAWorkersCapacity()
            throws Exception {
        List<Offer> offers = new CopyOnWriteArrayList<>();
        try (StubWorker roomyStub = recording("roomy", offers); StubWorker busyStub = recording("busy", offers);
                StubWorker hotStub = recording("hot", offers)) {
            Slots roomy = new Slots("roomy", roomyStub, 0, 6, 0.1);
            Slots busy = new Slots("busy", busyStub, 2, 4, 0.5);
            Slots hot = new Slots("hot", hotStub, 0, 3, 0.9);
            List<Slots> farm = List.of(roomy, busy, hot);
            int room = farm.stream().mapToInt(Slots::room).sum();
            // full at first, so that every job waits before the first round that can place any
            for (Slots worker : farm) {
                heartbeat(worker.id(), worker.stub().address(), worker.capacity(), worker.capacity(),
                        worker.cpuLoad(), List.of());
            }
            awaitWorkers("roomy", "busy", "hot");
            List<JobId> heavy = new ArrayList<>();
            List<CompletableFuture<?>> requests = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                heavy.add(JobId.random());
                requests.add(sendRequest(heavy.getLast(), "https://origin.example/heavy-" + i, "heavy"));
            }
            JobId single = JobId.random();
            requests.add(sendRequest(single, "https://origin.example/single", "light"));
            CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get();
            await().atMost(OUTCOME).until(() -> queue.waitingCount() == 201);

            // as if each had finished what it ran besides ours, written at once so that one round sees all three
            jdbc.sql("""
                            UPDATE workers SET active_jobs = CASE id WHEN 'roomy' THEN 0 WHEN 'busy' THEN 2 ELSE 0 END
                            WHERE id IN ('roomy', 'busy', 'hot')""").update();

            await().atMost(OUTCOME).pollInterval(Duration.ofMillis(10)).until(() -> offers.size() >= room);
            List<Offer> firstRound = List.copyOf(offers.subList(0, room));
            // the heavy owner's first, then the light owner's only job, then the heavy owner's in their order
            assertThat(firstRound).extracting(Offer::job).startsWith(heavy.get(0), single, heavy.get(1));
            // by the score 0.5 × free slot share + 0.25 × (1 − CPU) + 0.15 × (1 − throughput share) + 0.1 × disk share
            // (nothing fetched, the same disk everywhere): roomy 0.975, hot 0.775, busy 0.625 at first; roomy falls by
            // 0.083 per job, hot by 0.167, busy by 0.125
            assertThat(firstRound).extracting(Offer::worker).containsExactly("roomy", "roomy", "roomy", "hot", "roomy",
                    "roomy", "busy", "hot", "roomy", "busy", "hot");

            // the rest drain as the workers complete jobs and their heartbeats show the room again; each heartbeat is
            // sent while no offer can be under way (every slot taken, or every job handed out), so it counts them all
            Set<JobId> completed = new HashSet<>();
            while (completed.size() < 201) {
                int placed = Math.min(201, completed.size() + room);
                await().atMost(OUTCOME).pollInterval(Duration.ofMillis(10)).until(() -> offers.size() >= placed);
                List<Offer> held = offers.stream().filter(offer -> !completed.contains(offer.job())).toList();
                for (Slots worker : farm) {
                    assertThat(held).as("jobs %s holds at once", worker.id())
                            .filteredOn(offer -> offer.worker().equals(worker.id()))
                            .hasSizeLessThanOrEqualTo(worker.room());
                }
                // recorded before the completions, so that those free no slot until the heartbeats after them say so
                Map<String, Integer> holding = beat(farm, held);
                await().atMost(OUTCOME).pollInterval(Duration.ofMillis(10)).until(() -> jdbc.sql(
                        "SELECT id, active_jobs FROM workers").query((row, n) -> Map.entry(row.getString("id"),
                        row.getInt("active_jobs"))).list(), recorded -> recorded.containsAll(holding.entrySet()));
                CompletableFuture.allOf(held.stream().map(offer -> kafka.send(Topics.WORKER_JOB_COMPLETED,
                        offer.job().toString(), new JobCompleted(offer.job(), offer.worker(), List.of(), Instant.now(),
                                null, List.of(), LeaseEpoch.FIRST))).toArray(CompletableFuture[]::new)).get();
                List<UUID> finishing = held.stream().map(offer -> offer.job().value()).toList();
                await().atMost(OUTCOME).pollInterval(Duration.ofMillis(10)).until(() -> jdbc.sql(
                                "SELECT count(*) FROM jobs WHERE status = 'DONE' AND job_id IN (:jobs)")
                        .param("jobs", finishing).query(Integer.class).single() == finishing.size());
                held.forEach(offer -> completed.add(offer.job()));
                beat(farm, List.of());
            }
            assertThat(offers).extracting(Offer::job).doesNotHaveDuplicates().hasSize(201);
        }
    }

    /** Heartbeats of {@code farm}, each counting its own jobs and those of {@code held} it holds. @return the counts */
    private Map<String, Integer> beat(List<Slots> farm, List<Offer> held) throws Exception {
        Map<String, Integer> active = new HashMap<>();
        for (Slots worker : farm) {
            int holds = (int) held.stream().filter(offer -> offer.worker().equals(worker.id())).count();
            active.put(worker.id(), worker.running() + holds);
            heartbeat(worker.id(), worker.stub().address(), worker.running() + holds, worker.capacity(),
                    worker.cpuLoad(), List.of());
        }
        return active;
    }

    /** A worker that accepts every offer and notes it, in the order of all the workers' offers, in {@code offers}. */
    private StubWorker recording(String id, List<Offer> offers) throws IOException {
        return StubWorker.answering((attempt, body) -> {
            offers.add(new Offer(id, json.readValue(body, AssignJob.class).job()));
            return Answer.now(202);
        });
    }

    private void heartbeat(String id, URI address, int active, int capacity) throws Exception {
        heartbeat(id, address, active, capacity, List.of());
    }

    private void heartbeat(String id, URI address, int active, int capacity, List<JobLease> jobs) throws Exception {
        heartbeat(id, address, active, capacity, 0.25, jobs);
    }

    private void heartbeat(String id, URI address, int active, int capacity, double cpuLoad, List<JobLease> jobs)
            throws Exception {
        kafka.send(Topics.WORKER_HEARTBEAT, id,
                new WorkerHeartbeat(id, address, 50L << 30, cpuLoad, active, capacity, Instant.now(), jobs)).get();
    }

    /** The records of {@code topic} about {@code job}, read until there is one. */
    private <T> List<T> records(JobId job, String topic, Class<T> type) {
        List<T> found = new ArrayList<>();
        try (var consumer = probe(topic)) {
            await().atMost(OUTCOME).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (job.toString().equals(record.key())) {
                        found.add(json.readValue(record.value(), type));
                    }
                });
                return !found.isEmpty();
            });
        }
        return found;
    }

    /** A consumer of {@code topics} from their start, in a group of its own, values as text. */
    private org.apache.kafka.clients.consumer.KafkaConsumer<String, String> probe(String... topics) {
        Map<String, Object> reader = Map.of("bootstrap.servers", bootstrapServers,
                "group.id", "probe-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class);
        var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(reader);
        consumer.subscribe(List.of(topics));
        return consumer;
    }

    /**
     * What distribution passed on to task-management for {@code job} (completions and failures), read until one of
     * {@code until} arrived and a moment longer, so that an outcome that should not be there had its chance to come.
     */
    private List<Object> passedOn(JobId job, Class<?> until) {
        List<Object> outcomes = new ArrayList<>();
        try (var consumer = probe(Topics.JOB_COMPLETED, Topics.JOB_FAILED)) {
            Runnable poll = () -> consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (job.toString().equals(record.key())) {
                    Class<?> type = record.topic().equals(Topics.JOB_COMPLETED) ? JobCompleted.class : JobFailed.class;
                    outcomes.add(json.readValue(record.value(), type));
                }
            });
            await().atMost(OUTCOME).until(() -> {
                poll.run();
                return outcomes.stream().anyMatch(until::isInstance);
            });
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> {
                poll.run();
                return true;
            });
        }
        return outcomes;
    }

    /** Registers an idle worker, offered first, and a busier live "spare" to fall back on. */
    private void firstChoiceAndSpare(String id, URI address, StubWorker spare) throws Exception {
        heartbeat(id, address, 0, 4);
        heartbeat("spare", spare.address(), 3, 4);
        awaitWorkers(id, "spare");
    }

    private void requestJob(JobId job, String url) throws Exception {
        requestJob(job, url, null);
    }

    private void requestJob(JobId job, String url, String owner) throws Exception {
        sendRequest(job, url, owner).get();
    }

    /** Sends a job's request, requested now, without waiting for the broker's ack: many can go out at once. */
    private CompletableFuture<?> sendRequest(JobId job, String url, String owner) {
        HttpSource source = new HttpSource(URI.create(url));
        return kafka.send(Topics.JOB_REQUESTED, job.toString(),
                new JobRequested(job, source.key(), source, Instant.now(), owner));
    }

    private void awaitWorkers(String... ids) {
        await().atMost(OUTCOME).until(() -> jdbc.sql("SELECT id FROM workers").query(String.class).list(),
                known -> known.containsAll(List.of(ids)));
    }

    private Map<String, Object> lease(JobId job) {
        return jdbc.sql("SELECT status, worker_id, lease_epoch FROM jobs WHERE job_id = :job")
                .param("job", job.value())
                .query((row, n) -> Map.<String, Object>of("status", row.getString("status"),
                        "worker", String.valueOf(row.getString("worker_id")), "epoch", row.getLong("lease_epoch")))
                .single();
    }

    private boolean confirmed(JobId job) {
        return jdbc.sql("SELECT confirmed_at IS NOT NULL FROM jobs WHERE job_id = :job").param("job", job.value())
                .query(Boolean.class).optional().orElse(false);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String status(JobId job) {
        return jdbc.sql("SELECT status FROM jobs WHERE job_id = :job").param("job", job.value())
                .query(String.class).optional().orElse("UNKNOWN");
    }

    private org.springframework.http.HttpStatusCode admin(HttpMethod method, String path) {
        return http.baseUrl("http://127.0.0.1:" + port).build().method(method).uri(path)
                .header(GatewayHeaders.GATEWAY_SECRET, "it-gateway-secret-0123456789")
                .header(GatewayHeaders.USER_ID, "operator")
                .header(GatewayHeaders.SCOPES, "admin")
                .retrieve().onStatus(status -> true, (request, response) -> { })
                .toBodilessEntity().getStatusCode();
    }

    private String adminWorkers() {
        return http.baseUrl("http://127.0.0.1:" + port).build().get().uri("/api/v1/admin/workers")
                .header(GatewayHeaders.GATEWAY_SECRET, "it-gateway-secret-0123456789")
                .header(GatewayHeaders.USER_ID, "operator")
                .header(GatewayHeaders.SCOPES, "admin")
                .retrieve().body(String.class);
    }
}
