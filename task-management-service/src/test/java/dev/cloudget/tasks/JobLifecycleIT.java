package dev.cloudget.tasks;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.JobCancelled;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.JobPhase;
import dev.cloudget.contracts.worker.JobProgressed;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.tasks.task.ResultFiles;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobLifecycleIT extends TaskManagementIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    DataSource dataSource;

    @Test
    void completesEveryAttachedTaskWhenTheJobFinishes() {
        String link = newLink();
        String alice = newUser("alice");
        String bob = newUser("bob");
        String aliceMail = alice + "@example.test";
        String bobMail = bob + "@example.test";
        String aliceTask = api.submit(alice, api.body(link, aliceMail)).text("id");
        String bobTask = api.submit(bob, api.body(link, bobMail)).text("id");
        JobId job = jobRequestedFor(link);
        List<StoredFile> files = List.of(file("disk.iso", 4096), file("disk.iso.sig", 512));

        kafka.send(Topics.JOB_COMPLETED, job.toString(), new JobCompleted(job, "worker-1", files, Instant.now()));

        JsonNode aliceDone = awaitStatus(alice, aliceTask, "COMPLETED");
        JsonNode bobDone = awaitStatus(bob, bobTask, "COMPLETED");
        for (JsonNode done : List.of(aliceDone, bobDone)) {
            assertThat(done.get("files").valueStream().map(f -> f.get("path").asString()))
                    .containsExactly("disk.iso", "disk.iso.sig");
            assertThat(done.get("files").get(0).get("sha256").asString()).isEqualTo(files.get(0).sha256().hex());
            assertThat(done.get("files").get(0).get("size").asLong()).isEqualTo(4096);
            assertThat(done.get("files").get(0).get("entryUrl").asString())
                    .startsWith(PUBLIC_URL + "/d/" + done.get("files").get(0).get("id").asString() + "/disk.iso?expires=")
                    .contains("&signature=");
            assertThat(done.get("progress").get("bytesDone").asLong()).isEqualTo(4096 + 512);
            assertThat(done.get("completedAt").isNull()).isFalse();
            assertThat(done.get("zipUrl").asString())
                    .startsWith(PUBLIC_URL + "/z/" + done.get("id").asString() + "/download.zip?expires=");
        }
        Api.Reply zip = api.get(alice, "/api/v1/tasks/" + aliceTask + "/zip");
        assertThat(zip.status()).isEqualTo(302);
        assertThat(zip.location()).hasValue(aliceDone.get("zipUrl").asString());
        assertThat(aliceDone.get("files").get(0).get("id").asString())
                .as("each subscriber gets entry addresses of their own")
                .isNotEqualTo(bobDone.get("files").get(0).get("id").asString());

        await().atMost(PATIENCE).until(() -> mailTo(aliceMail).size() == 1 && mailTo(bobMail).size() == 1);
        MimeMessage aliceEmail = mailTo(aliceMail).getFirst();
        String text = textOf(aliceEmail);
        assertThat(text).contains("disk.iso", "disk.iso.sig");
        for (JsonNode file : aliceDone.get("files")) {
            assertThat(text).contains(file.get("entryUrl").asString());
        }
    }

    @Test
    void streamsATasksProgressAndItsEndAsServerSentEventsAndResumesFromLastEventId() throws Exception {
        String link = newLink();
        String user = newUser("sse");
        String task = api.submit(user, api.body(link, null)).text("id");
        JobId job = jobRequestedFor(link);
        List<JsonNode> arrived = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<List<Map<String, String>>> stream = CompletableFuture.supplyAsync(
                () -> api.events(user, "/api/v1/tasks/" + task + "/events", null,
                        event -> arrived.add(json.readTree(event.get("data")))));
        // the task as it is first, then its progress, then its end
        await().atMost(PATIENCE).until(() -> !arrived.isEmpty());
        kafka.send(Topics.JOB_PROGRESS, job.toString(), new JobProgressed(job, "worker-1", 512, 2048, 100,
                Instant.now(), null, null, LeaseEpoch.FIRST, JobPhase.DOWNLOADING, 3));
        await().atMost(PATIENCE).until(() -> arrived.stream()
                .anyMatch(state -> state.path("progress").path("bytesDone").asLong() == 512));
        assertThat(arrived).anySatisfy(state -> {
            assertThat(state.path("progress").path("phase").asString()).isEqualTo("DOWNLOADING");
            assertThat(state.path("progress").path("worker").asString()).isEqualTo("worker-1");
            assertThat(state.path("progress").path("sources").asInt()).isEqualTo(3);
        });
        kafka.send(Topics.JOB_COMPLETED, job.toString(), new JobCompleted(job, "worker-1",
                List.of(file("live.bin", 2048)), Instant.now()));

        List<Map<String, String>> events = stream.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThat(events).allSatisfy(event -> assertThat(event).containsEntry("event", "task").containsKey("id"));
        List<JsonNode> states = events.stream().map(event -> json.readTree(event.get("data"))).toList();
        assertThat(states.getFirst().path("status").asString()).isEqualTo("QUEUED");
        assertThat(states).anySatisfy(state -> assertThat(state.path("progress").path("bytesDone").asLong())
                .isEqualTo(512));
        assertThat(states.getLast().path("status").asString()).as("the stream ends with the final state")
                .isEqualTo("COMPLETED");
        assertThat(states.getLast().path("files").get(0).path("path").asString()).isEqualTo("live.bin");
        assertThat(events.stream().map(event -> Long.parseLong(event.get("id"))).toList()).isSorted();

        // a client that saw the first event only and reconnects gets the final state at once; one that saw the last
        // gets nothing more
        List<Map<String, String>> resumed = api.events(user, "/api/v1/tasks/" + task + "/events",
                events.getFirst().get("id"));
        assertThat(resumed).singleElement().satisfies(event ->
                assertThat(json.readTree(event.get("data")).path("status").asString()).isEqualTo("COMPLETED"));
        assertThat(api.events(user, "/api/v1/tasks/" + task + "/events", events.getLast().get("id"))).isEmpty();
        assertThat(api.get(newUser("other"), "/api/v1/tasks/" + task + "/events").status()).isEqualTo(404);
    }

    @Test
    void answersAStoredSourceKeyAtOnceWithoutANewJob() {
        String link = newLink();
        completeJobFor(link, newUser("first"), List.of(file("movie.mkv", 10_000)));

        Api.Reply again = api.submit(newUser("second"), api.body(link, null));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.text("status")).isEqualTo("COMPLETED");
        assertThat(again.body().get("files").get(0).get("path").asString()).isEqualTo("movie.mkv");
        assertThat(again.body().get("files").get(0).get("entryUrl").asString()).startsWith(PUBLIC_URL + "/d/");
        assertThat(jobRequestsFor(link)).isEqualTo(1);
    }

    @Test
    void mailsTheEntryAddressWhenAStoredSourceKeyAnswersAtOnce() {
        String link = newLink();
        completeJobFor(link, newUser("first"), List.of(file("album.flac", 2_000)));
        String user = newUser("third");
        String mail = user + "@example.test";

        Api.Reply again = api.submit(user, api.body(link, mail));

        assertThat(again.text("status")).isEqualTo("COMPLETED");
        await().atMost(PATIENCE).until(() -> mailTo(mail).size() == 1);
        assertThat(textOf(mailTo(mail).getFirst()))
                .contains(again.body().get("files").get(0).get("entryUrl").asString());
    }

    @Test
    void fetchesAgainWhenStorageNoLongerHoldsTheContent() {
        String link = newLink();
        StoredFile stored = file("gone.bin", 100);
        completeJobFor(link, newUser("first"), List.of(stored));
        SERVICES.goneContent.add(stored.sha256());

        Api.Reply again = api.submit(newUser("second"), api.body(link, null));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.text("status")).isEqualTo("QUEUED");
        assertThat(jobRequestsFor(link)).isEqualTo(2);
    }

    @Test
    void ignoresARepeatedJobCompleted() {
        String link = newLink();
        String user = newUser("erin");
        String mail = user + "@example.test";
        String task = api.submit(user, api.body(link, mail)).text("id");
        JobId job = jobRequestedFor(link);
        JobCompleted completed = new JobCompleted(job, "worker-1", List.of(file("twice.bin", 1)), Instant.now());

        kafka.send(Topics.JOB_COMPLETED, job.toString(), completed);
        kafka.send(Topics.JOB_COMPLETED, job.toString(), completed);
        // one partition, one consumer: once a later completion shows, both copies were handled
        String marker = newLink();
        String markerUser = newUser("marker");
        String markerTask = api.submit(markerUser, api.body(marker, null)).text("id");
        JobId markerJob = jobRequestedFor(marker);
        kafka.send(Topics.JOB_COMPLETED, markerJob.toString(),
                new JobCompleted(markerJob, "worker-1", List.of(file("marker.bin", 1)), Instant.now()));
        awaitStatus(markerUser, markerTask, "COMPLETED");

        assertThat(api.get(user, "/api/v1/tasks/" + task).body().get("files").size()).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> mailTo(mail).size() == 1);
        assertThat(jdbc.sql("SELECT count(*) FROM notifications WHERE recipient = :to").param("to", mail)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void failsEveryAttachedTaskWhenTheJobFails() {
        String link = newLink();
        String user = newUser("frank");
        String mail = user + "@example.test";
        String task = api.submit(user, api.body(link, mail)).text("id");
        JobId job = jobRequestedFor(link);

        kafka.send(Topics.JOB_FAILED, job.toString(),
                new JobFailed(job, "worker-1", FailureType.ORIGIN_HTTP_STATUS, "HTTP 404 from origin", Instant.now()));

        JsonNode failed = awaitStatus(user, task, "FAILED");
        assertThat(failed.get("failure").get("type").asString()).isEqualTo("origin-http-status");
        assertThat(failed.get("failure").get("detail").asString()).isEqualTo("HTTP 404 from origin");
        await().atMost(PATIENCE).until(() -> mailTo(mail).size() == 1);
        assertThat(textOf(mailTo(mail).getFirst())).contains("origin-http-status", "HTTP 404 from origin");
    }

    @Test
    void showsTheJobsProgressOnAttachedTasks() {
        String link = newLink();
        String user = newUser("grace");
        String task = api.submit(user, api.body(link, null)).text("id");
        JobId job = jobRequestedFor(link);

        kafka.send(Topics.JOB_PROGRESS, job.toString(), new JobProgressed(job, "worker-1", 300, 1000, 50, Instant.now()));

        JsonNode downloading = awaitStatus(user, task, "DOWNLOADING");
        assertThat(downloading.get("progress").get("bytesDone").asLong()).isEqualTo(300);
        assertThat(downloading.get("progress").get("bytesTotal").asLong()).isEqualTo(1000);
        assertThat(downloading.get("progress").get("bytesPerSecond").asLong()).isEqualTo(50);
        Api.Reply late = api.submit(newUser("heidi"), api.body(link, null));
        assertThat(late.text("status")).as("a task attaching late starts from the job's progress").isEqualTo("DOWNLOADING");
        assertThat(late.body().get("progress").get("bytesDone").asLong()).isEqualTo(300);
    }

    @Test
    void cancellingTheLastTaskOfAJobCancelsTheJob() {
        String link = newLink();
        String ivan = newUser("ivan");
        String judy = newUser("judy");
        String ivanTask = api.submit(ivan, api.body(link, null)).text("id");
        String judyTask = api.submit(judy, api.body(link, null)).text("id");
        JobId job = jobRequestedFor(link);

        assertThat(api.delete(ivan, "/api/v1/tasks/" + ivanTask).status()).isEqualTo(204);
        assertThat(api.get(ivan, "/api/v1/tasks/" + ivanTask).text("status")).isEqualTo("CANCELLED");
        assertThat(jobStatus(job)).as("judy still waits for it").isEqualTo("QUEUED");
        assertThat(api.delete(judy, "/api/v1/tasks/" + judyTask).status()).isEqualTo(204);
        assertThat(api.delete(judy, "/api/v1/tasks/" + judyTask).status()).as("cancelling twice").isEqualTo(204);

        List<?> cancelled = probe.readUntil(Topics.JOB_CANCELLED,
                value -> value instanceof JobCancelled event && event.job().equals(job));
        assertThat(cancelled).isNotEmpty();
        assertThat(jobStatus(job)).isEqualTo("CANCELLED");
        assertThat(api.submit(newUser("kim"), api.body(link, null)).status())
                .as("a new request for a cancelled job's link makes a new job").isEqualTo(201);
        assertThat(jobRequestsFor(link)).isEqualTo(2);
    }

    @Test
    void unsubscribingACompletedTaskRevokesItsEntryAddresses() {
        String link = newLink();
        String user = newUser("leo");
        JsonNode done = completeJobFor(link, user, List.of(file("a.txt", 1), file("b.txt", 2)));
        List<UUID> entries = done.get("files").valueStream().map(f -> UUID.fromString(f.get("id").asString())).toList();

        assertThat(api.delete(user, "/api/v1/tasks/" + done.get("id").asString()).status()).isEqualTo(204);

        assertThat(SERVICES.revokedEntries).containsAll(entries);
        assertThat(api.get(user, "/api/v1/tasks/" + done.get("id").asString()).text("status")).isEqualTo("CANCELLED");
    }

    @Test
    void recordsTheCompletionWhileStorageIsDownAndCompletesTheTasksOnceItAnswers() {
        String link = newLink();
        String user = newUser("olga");
        String mail = user + "@example.test";
        String task = api.submit(user, api.body(link, mail)).text("id");
        JobId job = jobRequestedFor(link);
        List<StoredFile> files = List.of(file("part1.bin", 300), file("part2.bin", 700));
        // storage mints the entries but its answers never arrive: to the finisher, it is down
        SERVICES.answersLostFor.add(user);
        try {
            kafka.send(Topics.JOB_COMPLETED, job.toString(), new JobCompleted(job, "worker-1", files, Instant.now()));

            await().atMost(PATIENCE).until(() -> "COMPLETED".equals(jobStatus(job)));
            JsonNode waiting = api.get(user, "/api/v1/tasks/" + task).body();
            assertThat(waiting.get("status").asString()).isEqualTo("DOWNLOADING");
            assertThat(waiting.get("progress").get("bytesDone").asLong()).isEqualTo(1000);
            assertThat(waiting.get("progress").get("bytesTotal").asLong()).isEqualTo(1000);
            // the schedule keeps asking: the same entry each time
            await().atMost(PATIENCE).until(() -> entryRequestsOf(user) >= 3);
        } finally {
            SERVICES.answersLostFor.remove(user);
        }

        JsonNode done = awaitStatus(user, task, "COMPLETED");
        List<String> recorded = done.get("files").valueStream().map(f -> f.get("id").asString()).toList();
        assertThat(recorded).hasSize(2);
        assertThat(SERVICES.entries.values().stream().filter(entry -> entry.owner().equals(user))
                .map(entry -> entry.id().toString()))
                .as("every retry reused the entries of the first attempt").containsExactlyInAnyOrderElementsOf(recorded);
        await().atMost(PATIENCE).until(() -> mailTo(mail).size() == 1);
    }

    @Test
    void answersAStoredSourceKeyOnceStorageAnswersWhenItWasDownAtSubmit() {
        String link = newLink();
        completeJobFor(link, newUser("first"), List.of(file("song.ogg", 5_000)));
        String user = newUser("pia");
        SERVICES.unavailableFor.add(user);
        Api.Reply submitted;
        try {
            submitted = api.submit(user, api.body(link, null));

            assertThat(submitted.status()).isEqualTo(201);
            assertThat(submitted.text("status")).isEqualTo("DOWNLOADING");
            assertThat(submitted.body().get("progress").get("bytesDone").asLong()).isEqualTo(5_000);
        } finally {
            SERVICES.unavailableFor.remove(user);
        }

        JsonNode done = awaitStatus(user, submitted.text("id"), "COMPLETED");
        assertThat(done.get("files").get(0).get("path").asString()).isEqualTo("song.ogg");
        assertThat(SERVICES.entries.values().stream().filter(entry -> entry.owner().equals(user))).hasSize(1);
        assertThat(jobRequestsFor(link)).isEqualTo(1);
    }

    @Test
    void cancellingATaskWhoseEntriesWereMintedButNotRecordedRevokesThem() {
        String link = newLink();
        String user = newUser("quinn");
        String task = api.submit(user, api.body(link, null)).text("id");
        JobId job = jobRequestedFor(link);
        SERVICES.answersLostFor.add(user);
        try {
            kafka.send(Topics.JOB_COMPLETED, job.toString(),
                    new JobCompleted(job, "worker-1", List.of(file("x.bin", 1), file("y.bin", 2)), Instant.now()));
            // both files' entries go in one call, carried out by storage, whose answer is lost
            await().atMost(PATIENCE).until(() -> SERVICES.entries.values().stream()
                    .filter(entry -> entry.owner().equals(user)).count() == 2);

            assertThat(api.delete(user, "/api/v1/tasks/" + task).status()).isEqualTo(204);
        } finally {
            SERVICES.answersLostFor.remove(user);
        }

        // the finisher may still be minting while the cancel commits: it revokes what it minted afterwards
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<UUID> minted = SERVICES.entries.values().stream().filter(entry -> entry.owner().equals(user))
                    .map(entry -> entry.id()).toList();
            assertThat(SERVICES.revokedEntries).containsAll(minted);
        });
        assertThat(api.get(user, "/api/v1/tasks/" + task).text("status")).isEqualTo("CANCELLED");
    }

    @Test
    void cancellingCommitsAndReleasesItsLocksBeforeStorageAnswersTheRevocation() throws Exception {
        String user = newUser("sam");
        JsonNode done = completeJobFor(newLink(), user, List.of(file("slow.bin", 1)));
        String task = done.get("id").asString();
        UUID entry = UUID.fromString(done.get("files").get(0).get("id").asString());
        CountDownLatch storageAnswers = new CountDownLatch(1);
        SERVICES.revocationsHeldFor.put(entry, storageAnswers);
        try {
            CompletableFuture<Api.Reply> cancel = CompletableFuture.supplyAsync(
                    () -> api.delete(user, "/api/v1/tasks/" + task));
            await().atMost(PATIENCE).until(() -> SERVICES.revocationRequests.contains(entry));

            // storage is still busy revoking: progress and completion handling of the key must not wait for it
            assertThat(taskStatus(task)).as("committed already").isEqualTo("CANCELLED");
            assertThat(lockableNow(task)).as("neither the source key nor the task is locked").isTrue();
            storageAnswers.countDown();
            assertThat(cancel.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
        } finally {
            storageAnswers.countDown();
            SERVICES.revocationsHeldFor.remove(entry);
        }
        assertThat(SERVICES.revokedEntries).contains(entry);
    }

    @Test
    void cancellingWhileStorageIsDownAnswersAtOnceAndRevokesOnceStorageAnswers() {
        String user = newUser("tina");
        JsonNode done = completeJobFor(newLink(), user, List.of(file("c.txt", 1), file("d.txt", 2)));
        String task = done.get("id").asString();
        List<UUID> entries = done.get("files").valueStream().map(f -> UUID.fromString(f.get("id").asString())).toList();
        SERVICES.revocationsDownFor.addAll(entries);
        try {
            assertThat(api.delete(user, "/api/v1/tasks/" + task).status()).isEqualTo(204);

            assertThat(api.get(user, "/api/v1/tasks/" + task).text("status")).isEqualTo("CANCELLED");
            // the schedule keeps asking while storage is down
            await().atMost(PATIENCE).until(() -> SERVICES.revocationRequests.stream()
                    .filter(entries.getFirst()::equals).count() >= 3);
            assertThat(SERVICES.revokedEntries).doesNotContainAnyElementsOf(entries);
        } finally {
            SERVICES.revocationsDownFor.removeAll(entries);
        }

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(SERVICES.revokedEntries).containsAll(entries));
        await().atMost(PATIENCE).until(() -> jdbc.sql("SELECT count(*) FROM entry_revocations WHERE task_id = :task")
                .param("task", UUID.fromString(task)).query(Long.class).single() == 0);
    }

    @Test
    void failsOnlyTheTaskWhoseEntriesStorageRefusesAndFinishesTheOthers() {
        String refusedLink = newLink();
        String refusedUser = newUser("ulla");
        String refusedMail = refusedUser + "@example.test";
        String refusedTask = api.submit(refusedUser, api.body(refusedLink, refusedMail)).text("id");
        JobId refusedJob = jobRequestedFor(refusedLink);
        String laterLink = newLink();
        String laterUser = newUser("vera");
        String laterTask = api.submit(laterUser, api.body(laterLink, null)).text("id");
        JobId laterJob = jobRequestedFor(laterLink);
        SERVICES.refusedFor.put(refusedUser, 500);
        // the later task's first attempt fails too, so both are left to the schedule, which takes the oldest first
        SERVICES.answersLostFor.add(laterUser);
        try {
            kafka.send(Topics.JOB_COMPLETED, refusedJob.toString(), new JobCompleted(refusedJob, "worker-1",
                    List.of(file("e.bin", 1), file("f.bin", 2)), Instant.now()));
            kafka.send(Topics.JOB_COMPLETED, laterJob.toString(), new JobCompleted(laterJob, "worker-1",
                    List.of(file("g.bin", 3)), Instant.now()));
            await().atMost(PATIENCE).until(() -> entryRequestsOf(laterUser) >= 2);
            SERVICES.answersLostFor.remove(laterUser);

            JsonNode failed = awaitStatus(refusedUser, refusedTask, "FAILED");
            awaitStatus(laterUser, laterTask, "COMPLETED");
            assertThat(failed.get("failure").get("type").asString()).isEqualTo("storage-error");
            assertThat(failed.get("failure").get("detail").asString()).contains("500", "e.bin");
            await().atMost(PATIENCE).until(() -> mailTo(refusedMail).size() == 1);
            assertThat(textOf(mailTo(refusedMail).getFirst())).contains("storage-error");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(SERVICES.revokedEntries)
                    .as("whatever was minted for the failed task is nobody's")
                    .containsAll(ResultFiles.entryIdsOf(UUID.fromString(refusedTask), refusedJob, 2)));
        } finally {
            SERVICES.refusedFor.remove(refusedUser);
            SERVICES.answersLostFor.remove(laterUser);
        }
    }

    @Test
    void cancellingDuringAProgressReportDoesNotDeadlock() throws Exception {
        String link = newLink();
        String user = newUser("rita");
        String task = api.submit(user, api.body(link, null)).text("id");
        JobId job = jobRequestedFor(link);
        CompletableFuture<Api.Reply> cancel;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            // hold the job row: the report and then the cancel queue up behind it, each halfway through
            try (PreparedStatement lockJob = holder.prepareStatement("SELECT id FROM jobs WHERE id = ? FOR UPDATE")) {
                lockJob.setObject(1, job.value());
                lockJob.executeQuery().close();
            }
            kafka.send(Topics.JOB_PROGRESS, job.toString(), new JobProgressed(job, "worker-1", 700, 1000, 70, Instant.now()));
            await().atMost(PATIENCE).until(() -> sessionsWaitingForALock() >= 1);
            cancel = CompletableFuture.supplyAsync(() -> api.delete(user, "/api/v1/tasks/" + task));
            await().atMost(PATIENCE).until(() -> sessionsWaitingForALock() >= 2);
            holder.commit();
        }

        // in the opposite lock order PostgreSQL would abort the cancel or the report as a deadlock
        assertThat(cancel.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT bytes_done FROM jobs WHERE id = :id").param("id", job.value())
                .query(Long.class).single()).as("the report, queued first, went first").isEqualTo(700);
        assertThat(jobStatus(job)).isEqualTo("CANCELLED");
        assertThat(api.get(user, "/api/v1/tasks/" + task).text("status")).isEqualTo("CANCELLED");
    }

    private String taskStatus(String task) {
        return jdbc.sql("SELECT status FROM tasks WHERE id = :id").param("id", UUID.fromString(task))
                .query(String.class).single();
    }

    /** Whether another session could take the task's row lock and its source key's lock right now. */
    private boolean lockableNow(String task) throws Exception {
        try (Connection probe = dataSource.getConnection()) {
            probe.setAutoCommit(false);
            try (PreparedStatement row = probe.prepareStatement(
                    "SELECT source_key FROM tasks WHERE id = ? FOR UPDATE NOWAIT");
                 PreparedStatement key = probe.prepareStatement(
                         "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))")) {
                row.setObject(1, UUID.fromString(task));
                String sourceKey;
                try (ResultSet rows = row.executeQuery()) {
                    rows.next();
                    sourceKey = rows.getString(1);
                }
                key.setString(1, sourceKey);
                try (ResultSet locked = key.executeQuery()) {
                    locked.next();
                    return locked.getBoolean(1);
                }
            } catch (SQLException lockNotAvailable) {
                return false;
            } finally {
                probe.rollback();
            }
        }
    }

    private long entryRequestsOf(String owner) {
        return SERVICES.createdEntries.stream().filter(entry -> entry.owner().equals(owner)).count();
    }

    private long sessionsWaitingForALock() {
        return jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                .query(Long.class).single();
    }

    /** Submits {@code link} as {@code user}, completes its job with {@code files} and returns the completed task. */
    private JsonNode completeJobFor(String link, String user, List<StoredFile> files) {
        String task = api.submit(user, api.body(link, null)).text("id");
        JobId job = jobRequestedFor(link);
        kafka.send(Topics.JOB_COMPLETED, job.toString(), new JobCompleted(job, "worker-1", files, Instant.now()));
        return awaitStatus(user, task, "COMPLETED");
    }

    private String jobStatus(JobId job) {
        return jdbc.sql("SELECT status FROM jobs WHERE id = :id").param("id", job.value()).query(String.class).single();
    }

    /** A stored file whose hash is unique to this test run. */
    @Test
    void aSlowStorageForOneJobsSubscribersDoesNotHoldUpTheRecordsBehindIt() {
        String slow = newUser("slow");
        String quick = newUser("quick");
        String slowLink = newLink();
        String quickLink = newLink();
        String slowTask = api.submit(slow, api.body(slowLink, null)).text("id");
        String quickTask = api.submit(quick, api.body(quickLink, null)).text("id");
        JobId slowJob = jobRequestedFor(slowLink);
        JobId quickJob = jobRequestedFor(quickLink);
        CountDownLatch storageAnswers = new CountDownLatch(1);
        SERVICES.mintsHeldFor.put(slow, storageAnswers);
        try {
            kafka.send(Topics.JOB_COMPLETED, slowJob.toString(),
                    new JobCompleted(slowJob, "worker-1", List.of(file("slow.iso", 10)), Instant.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> SERVICES.mintsBeingHeld.get() > 0);
            // the same record key, so the same partition, right behind the slow one
            kafka.send(Topics.JOB_COMPLETED, slowJob.toString(),
                    new JobCompleted(quickJob, "worker-1", List.of(file("quick.iso", 20)), Instant.now()));

            // well within the remote timeout (10 s) a consumer waiting on storage would be stuck for
            await().atMost(Duration.ofSeconds(5)).until(() -> api.get(quick, "/api/v1/tasks/" + quickTask)
                    .text("status").equals("COMPLETED"));
            assertThat(api.get(slow, "/api/v1/tasks/" + slowTask).text("status")).isEqualTo("DOWNLOADING");
        } finally {
            storageAnswers.countDown();
            SERVICES.mintsHeldFor.remove(slow);
        }
        awaitStatus(slow, slowTask, "COMPLETED");
    }

    private static StoredFile file(String path, long size) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(UUID.randomUUID().toString().getBytes());
            return new StoredFile(path, size, ContentHash.ofDigest(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
