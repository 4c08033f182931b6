package dev.cloudget.system;

import dev.cloudget.system.swarm.Seeders;
import dev.cloudget.system.swarm.Swarm;
import dev.cloudget.system.swarm.Torrent;
import dev.cloudget.system.swarm.TorrentMother;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job outlives the worker that runs it: a second worker joins the farm, a long download starts on one of the two,
 * and that worker is killed ({@code kill -9}: its lease runs out) or stopped ({@code SIGTERM}: it hands its lease
 * back). The job finishes on the other worker with the file's SHA-256. The stopped worker is started again, so that
 * the farm has both for what runs next.
 */
class FailoverIT {

    private static final long SIZE = 40L * 1024 * 1024;
    private static final String SPARE = "worker-spare";

    private static CloudgetSystem system;
    private static Api alice;
    private static Api ops;
    private static int ownPort;

    @BeforeAll
    static void startSecondWorker() throws Exception {
        system = CloudgetSystem.get();
        alice = new Api(system.gateway(), "alice");
        ops = Api.operator(system.gateway(), "ops");
        ownPort = system.service(CloudgetSystem.WORKER).port();
        system.startWorker(SPARE, 0);
        await("both workers in the farm").atMost(Duration.ofSeconds(30)).until(() -> liveWorkers() == 2);
    }

    @AfterAll
    static void leaveTheSystemAsItWas() throws Exception {
        if (!system.service(CloudgetSystem.WORKER).isAlive()) {
            system.startWorker(CloudgetSystem.WORKER, ownPort);
        }
        system.service(SPARE).terminate(Duration.ofSeconds(20));
    }

    @Test
    void aJobWhoseWorkerIsKilledFinishesOnTheOtherOnceItsLeaseRunsOut() throws Exception {
        Origin.ServedFile file = system.origin().serve("killed.bin", SIZE, 71);

        Handover handover = startThenStopItsWorker("/slow/files/killed.bin", true);

        assertThat(handover.task().path("status").asString()).as(handover.task().toString()).isEqualTo("COMPLETED");
        assertThat(handover.task().path("files").get(0).path("sha256").asString()).isEqualTo(file.sha256());
        System.out.printf("[failover] kill -9 of %s → the job on %s after %d ms (lease 10 s)%n", handover.from(),
                handover.to(), handover.after().toMillis());
    }

    /**
     * The case: 512 MiB over a shared 48 MiB/s link, the worker killed at about 40 %. The other worker carries
     * on from the last checkpoint (a part in the object store every half interval): the origin serves the file once,
     * plus at most what was fetched and not yet checkpointed, which a worker keeps within one checkpoint interval.
     */
    @Test
    void aKilledWorkersJobCarriesOnFromItsLastCheckpointElsewhere() throws Exception {
        long size = 512L << 20;
        long checkpointInterval = 32L << 20;
        Origin.ServedFile file = system.origin().serve("resumed.bin", size, 74);
        String path = "/paced/files/resumed.bin";
        String id = alice.submitUrl(system.origin().url(path), "alice@example.test").body().path("id").asString();
        String[] runner = new String[1];
        await("40 % of " + path + " fetched").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    runner[0] = workerRunning(path).orElse(null);
                    return runner[0] != null
                            && alice.task(id).body().path("progress").path("bytesDone").asLong() > size * 2 / 5;
                });
        String from = runner[0];
        ServiceProcess process = system.service(from.equals("worker-system-test") ? CloudgetSystem.WORKER : from);
        process.kill();
        Instant killed = Instant.now();
        long servedAtKill = system.origin().bodyBytesFor(path);

        String[] to = new String[1];
        await("the job on another worker").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    to[0] = workerRunning(path).filter(worker -> !worker.equals(from)).orElse(null);
                    return to[0] != null;
                });
        Instant lastHeartbeat = lastSeen(from);
        long before = alice.task(id).body().path("progress").path("bytesDone").asLong();
        await("progress from the other worker").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> alice.task(id).body().path("progress").path("bytesDone").asLong() != before);
        Instant resumed = Instant.now();
        JsonNode task = alice.awaitTerminal(id, Duration.ofMinutes(2));
        long served = system.origin().bodyBytesFor(path);

        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.path("files").get(0).path("sha256").asString()).isEqualTo(file.sha256());
        assertThat(served).as("bytes the origin served in all").isLessThanOrEqualTo(size + checkpointInterval);
        System.out.printf("[failover] kill -9 of %s at %d of %d MiB served → carried on by %s: the origin served "
                        + "%d MiB in all (%d MiB again); resumed progress %d ms after the kill, %d ms after the last "
                        + "heartbeat%n", from, servedAtKill >> 20, size >> 20, to[0], served >> 20,
                (served - size) >> 20, Duration.between(killed, resumed).toMillis(),
                Duration.between(lastHeartbeat, resumed).toMillis());
        process.terminate(Duration.ofSeconds(30));
        boolean own = from.equals("worker-system-test");
        system.startWorker(own ? CloudgetSystem.WORKER : SPARE, own ? ownPort : 0);
        await("both workers in the farm again").atMost(Duration.ofSeconds(30)).until(() -> liveWorkers() == 2);
    }

    /**
     * A torrent's job carries on too: 160 MiB from two seeders at 8 MiB/s each, the worker killed at about 40 %. The
     * other worker puts the stored first bytes of the file (the checkpoint's parts) back into its scratch, where bt
     * checks them against their piece hashes at start and fetches only the pieces still missing (its have-set): the
     * seeders upload the file once, plus what the dead worker had fetched and not stored — not the file twice.
     */
    @Test
    void aKilledWorkersTorrentCarriesOnFromItsStoredPiecesElsewhere() throws Exception {
        long size = 160L << 20;
        try (Swarm swarm = Swarm.start("failover-it")) {
            Torrent torrent = TorrentMother.singleFile(swarm, "carried.bin", size, 78);
            Seeders seeders = swarm.seed(torrent, 2, 8L << 20);
            String seedId = alice.uploadTorrent(torrent.metainfo()).body().path("seedId").asString();
            String id = alice.submit(java.util.Map.of("seedId", seedId)).body().path("id").asString();
            String key = torrent.infoHash().toLowerCase(java.util.Locale.ROOT);
            String[] runner = new String[1];
            await("40 % of the torrent fetched").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        runner[0] = workerRunning(key).orElse(null);
                        return runner[0] != null
                                && alice.task(id).body().path("progress").path("bytesDone").asLong() > size * 2 / 5;
                    });
            String from = runner[0];
            ServiceProcess process = system.service(from.equals("worker-system-test") ? CloudgetSystem.WORKER : from);
            process.kill();
            long uploadedAtKill = seeders.uploadedBytes();

            JsonNode task = alice.awaitTerminal(id, Duration.ofMinutes(3));
            long uploaded = seeders.uploadedBytes();
            String to = from.equals("worker-system-test") ? SPARE : "worker-system-test";
            ServiceProcess successor = system.service(to.equals(SPARE) ? SPARE : CloudgetSystem.WORKER);

            assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("COMPLETED");
            assertThat(task.path("files").get(0).path("sha256").asString()).isEqualTo(torrent.file(0).sha256());
            assertThat(logOf(successor)).as("the other worker carried on from the stored pieces")
                    .contains("carrying on from an earlier lease");
            assertThat(uploaded).as("bytes the seeders uploaded in all").isLessThan(size + size / 4);
            System.out.printf("[failover] kill -9 of %s with a torrent at %d of %d MiB uploaded by the swarm → "
                    + "carried on by %s: the swarm uploaded %d MiB in all (%d MiB again)%n", from,
                    uploadedAtKill >> 20, size >> 20, to, uploaded >> 20, (uploaded - size) >> 20);
        } finally {
            restartTheKilledWorker();
        }
    }

    /** Starts whichever worker is down again and waits until the farm has both. */
    private void restartTheKilledWorker() throws Exception {
        if (!system.service(CloudgetSystem.WORKER).isAlive()) {
            system.service(CloudgetSystem.WORKER).terminate(Duration.ofSeconds(30));
            system.startWorker(CloudgetSystem.WORKER, ownPort);
        } else if (!system.service(SPARE).isAlive()) {
            system.service(SPARE).terminate(Duration.ofSeconds(30));
            system.startWorker(SPARE, 0);
        }
        await("both workers in the farm again").atMost(Duration.ofSeconds(30)).until(() -> liveWorkers() == 2);
    }

    /**
     * A worker paused (SIGSTOP) past its lease loses the job to the other worker; resumed (SIGCONT), it hears that its
     * lease was revoked and stops: it completes nothing and stores nothing, and the user is told once.
     */
    @Test
    void aWorkerPausedPastItsLeaseCannotCompleteStoreOrRegisterTheJobItLost() throws Exception {
        long size = (24L << 20) + 11;
        Origin.ServedFile file = system.origin().serve("paused.bin", size, 75);
        String path = "/slow/files/paused.bin";
        String id = alice.submitUrl(system.origin().url(path), "paused@example.test").body().path("id").asString();
        String[] runner = new String[2];
        await("a fifth of " + path + " fetched").atMost(Duration.ofSeconds(60)).until(() -> {
            runner[0] = workerRunning(path).orElse(null);
            runner[1] = jobRunning(path).orElse(null);
            return runner[0] != null && alice.task(id).body().path("progress").path("bytesDone").asLong() > size / 5;
        });
        String from = runner[0];
        String job = runner[1];
        ServiceProcess paused = system.service(from.equals("worker-system-test") ? CloudgetSystem.WORKER : from);
        paused.pause();
        try {
            await("the job on another worker").atMost(Duration.ofSeconds(60))
                    .until(() -> workerRunning(path).filter(worker -> !worker.equals(from)).isPresent());
        } finally {
            paused.resume();
        }

        JsonNode task = alice.awaitTerminal(id, Duration.ofMinutes(2));

        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.path("files").get(0).path("sha256").asString()).isEqualTo(file.sha256());
        // the paused worker, running again, stops the job it lost instead of finishing it
        await("the paused worker stops its lost job").atMost(Duration.ofSeconds(30))
                .until(() -> logOf(paused).contains("Job " + job + ": lease 1 revoked"));
        await("one object, one mail").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
                .until(() -> objectsOfSize(size) == 1 && mailsTo("paused@example.test") == 1);
        assertThat(logOf(paused)).doesNotContain("Job " + job + " completed").doesNotContain("Job " + job + " failed");
    }

    /**
     * Deleting the only task of a running download stops it within seconds, and nothing of it stays: no object, no
     * multipart upload (its checkpointed parts), no scratch file of its segments.
     */
    @Test
    void deletingTheOnlyTaskOfARunningJobStopsItWithinSecondsAndLeavesNothingBehind() throws Exception {
        long size = 128L << 20;
        system.origin().serve("deleted.bin", size, 76);
        // 16 s over the trickling link: well under way, and far from done, when it is deleted
        String path = "/trickle/files/deleted.bin";
        String id = alice.submitUrl(system.origin().url(path), "alice@example.test").body().path("id").asString();
        String[] job = new String[1];
        await("48 MiB of " + path + " fetched").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    job[0] = jobRunning(path).orElse(null);
                    return job[0] != null
                            && alice.task(id).body().path("progress").path("bytesDone").asLong() > (48L << 20);
                });
        assertThat(filesMentioning(job[0])).as("checkpointed parts in the object store").isNotEmpty();

        Instant deleted = Instant.now();
        assertThat(alice.delete("/api/v1/tasks/" + id).status()).isEqualTo(204);
        long[] served = {-1};
        await("the origin no longer asked for bytes").atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    long now = system.origin().bodyBytesFor(path);
                    return now == served[0] || (served[0] = now) < 0;
                });
        Duration stopped = Duration.between(deleted, Instant.now());

        assertThat(served[0]).isLessThan(size);
        await("nothing of the job left").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(filesMentioning(job[0])).as("objects and upload parts").isEmpty();
            assertThat(scratchFiles()).as("segment scratch files").isEmpty();
        });
        System.out.printf("[failover] deleting the only task at %d MiB: the origin stopped within %d ms%n",
                served[0] >> 20, stopped.toMillis());
    }

    @Test
    void aJobWhoseWorkerIsStoppedGoesToTheOtherAtOnce() throws Exception {
        Origin.ServedFile file = system.origin().serve("drained.bin", SIZE, 72);

        Handover handover = startThenStopItsWorker("/slow/files/drained.bin", false);

        assertThat(handover.task().path("status").asString()).as(handover.task().toString()).isEqualTo("COMPLETED");
        assertThat(handover.task().path("files").get(0).path("sha256").asString()).isEqualTo(file.sha256());
        assertThat(handover.after()).as("handed back, not left to run out (lease 10 s)")
                .isLessThan(Duration.ofSeconds(8));
        System.out.printf("[failover] SIGTERM of %s → the job on %s after %d ms%n", handover.from(), handover.to(),
                handover.after().toMillis());
    }

    @Test
    void aClientFollowsALongDownloadAsServerSentEventsThroughTheGateway() {
        Origin.ServedFile file = system.origin().serve("followed.bin", 12L * 1024 * 1024, 73);
        String id = alice.submitUrl(system.origin().url("/slow/files/followed.bin"), "alice@example.test").body()
                .path("id").asString();

        List<JsonNode> states = alice.events("/api/v1/tasks/" + id + "/events");

        assertThat(states).extracting(state -> state.path("progress").path("bytesDone").asLong())
                .as("progress as it came, never backwards").isSorted()
                .anySatisfy(done -> assertThat(done).isPositive().isLessThan(file.size()));
        assertThat(states.getLast().path("status").asString()).isEqualTo("COMPLETED");
        assertThat(states.getLast().path("files").get(0).path("sha256").asString()).isEqualTo(file.sha256());
    }

    private record Handover(JsonNode task, String from, String to, Duration after) {
    }

    /** Submits {@code path}, stops the worker it runs on once a fifth has arrived, and follows the job to the end. */
    private Handover startThenStopItsWorker(String path, boolean kill) throws Exception {
        URI url = system.origin().url(path);
        String id = alice.submitUrl(url, "alice@example.test").body().path("id").asString();
        String[] runner = new String[1];
        await("a fifth of " + path + " fetched").atMost(Duration.ofSeconds(60)).until(() -> {
            runner[0] = workerRunning(path).orElse(null);
            return runner[0] != null && alice.task(id).body().path("progress").path("bytesDone").asLong() > SIZE / 5;
        });
        String from = runner[0];
        ServiceProcess process = system.service(from.equals("worker-system-test") ? CloudgetSystem.WORKER : from);
        Instant stopped = Instant.now();
        if (kill) {
            process.kill();
        } else {
            process.term();
        }
        String[] to = new String[1];
        await("the job on another worker").atMost(Duration.ofSeconds(60)).until(() -> {
            to[0] = workerRunning(path).filter(worker -> !worker.equals(from)).orElse(null);
            return to[0] != null;
        });
        Duration after = Duration.between(stopped, Instant.now());
        JsonNode task = alice.awaitTerminal(id, Duration.ofMinutes(2));
        process.terminate(Duration.ofSeconds(30));
        // back to two workers for whatever runs next
        boolean own = from.equals("worker-system-test");
        system.startWorker(own ? CloudgetSystem.WORKER : SPARE, own ? ownPort : 0);
        await("both workers in the farm again").atMost(Duration.ofSeconds(30)).until(() -> liveWorkers() == 2);
        return new Handover(task, from, to[0], after);
    }

    /** The worker the farm view shows running the job of {@code path}, if any. */
    private static Optional<String> workerRunning(String path) {
        for (JsonNode worker : ops.get("/api/v1/admin/workers").body().path("workers")) {
            for (JsonNode lease : worker.path("jobs")) {
                if (lease.path("sourceKey").asString().contains(path)) {
                    return Optional.of(worker.path("id").asString());
                }
            }
        }
        return Optional.empty();
    }

    /** The job the farm view shows running {@code path}, if any. */
    private static Optional<String> jobRunning(String path) {
        for (JsonNode worker : ops.get("/api/v1/admin/workers").body().path("workers")) {
            for (JsonNode lease : worker.path("jobs")) {
                if (lease.path("sourceKey").asString().contains(path)) {
                    return Optional.of(lease.path("job").asString());
                }
            }
        }
        return Optional.empty();
    }

    private static String logOf(ServiceProcess process) throws IOException {
        return Files.readString(process.log());
    }

    private static long mailsTo(String address) {
        return Arrays.stream(system.mail().greenMail().getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(to -> to.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).count();
    }

    /** Objects of exactly {@code size} bytes in the bucket. */
    private static long objectsOfSize(long size) throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(system.s3().endpoint().toString())
                .credentials(system.s3().accessKey(), system.s3().secretKey()).region("us-east-1").build();
        long count = 0;
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket("cloudget").recursive(true).build())) {
            count += item.get().size() == size ? 1 : 0;
        }
        return count;
    }

    /** Files of the object store (objects, multipart parts) whose path names {@code job}. */
    private static List<Path> filesMentioning(String job) throws IOException {
        try (Stream<Path> files = Files.walk(system.workDir().resolve("s3"))) {
            return files.filter(Files::isRegularFile).filter(file -> file.toString().contains(job)).toList();
        }
    }

    /** Segment scratch files on any worker's scratch disk. */
    private static List<Path> scratchFiles() throws IOException {
        try (Stream<Path> files = Files.walk(system.workDir())) {
            return files.filter(file -> file.getFileName().toString().startsWith("segments-")).toList();
        }
    }

    private static Instant lastSeen(String worker) {
        for (JsonNode view : ops.get("/api/v1/admin/workers").body().path("workers")) {
            if (view.path("id").asString().equals(worker)) {
                return Instant.parse(view.path("lastSeenAt").asString());
            }
        }
        throw new AssertionError("worker " + worker + " not in the farm view");
    }

    private static long liveWorkers() {
        int live = 0;
        for (JsonNode worker : ops.get("/api/v1/admin/workers").body().path("workers")) {
            live += worker.path("live").asBoolean() ? 1 : 0;
        }
        return live;
    }
}
