package dev.cloudget.tasks;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.seeds.SeedState;
import dev.cloudget.contracts.seeds.SeedSummary;
import dev.cloudget.contracts.source.Ed2kHash;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.source.TorrentSource;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobProgressed;
import dev.cloudget.contracts.worker.StoredFile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Tasks for torrents, magnets and ed2k links: file selection, and dedup file by file. */
class TorrentTasksIT extends TaskManagementIntegrationTest {

    @Test
    void answersASelectionOfAStoredTorrentAtOnceWithExactlyTheSelectedFiles() {
        InfoHash torrent = newInfoHash();
        String alice = newUser("alice");
        String whole = api.submit(alice, api.body(magnet(torrent), null)).text("id");
        JobRequested requested = jobRequestedFor(torrent, null);
        assertThat(requested.source()).isInstanceOf(MagnetSource.class);
        List<StoredFile> files = torrentFiles(5);
        complete(requested.job(), files);
        awaitStatus(alice, whole, "COMPLETED");

        String bob = newUser("bob");
        JsonNode some = api.submit(bob, json.writeValueAsString(Map.of("source", magnet(torrent), "files", List.of(3, 1))))
                .body();

        assertThat(some.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(some.get("sourceKey").asString()).isEqualTo("btih:" + torrent.hex() + "?files=1,3");
        assertThat(some.get("files").valueStream().map(f -> f.get("sha256").asString()))
                .containsExactly(files.get(1).sha256().hex(), files.get(3).sha256().hex());
        assertThat(some.get("progress").get("bytesDone").asLong()).isEqualTo(files.get(1).size() + files.get(3).size());
    }

    @Test
    void aTaskForAnUploadedTorrentNamesItsSeedAndRefusesFilesItDoesNotHave() {
        InfoHash torrent = newInfoHash();
        SeedId seed = SeedId.random();
        SERVICES.seeds.put(seed.toString(), new SeedSummary(seed, torrent, SeedState.READY, "album", 5, 5 * 1024));
        String user = newUser("carol");

        JsonNode task = api.submit(user, json.writeValueAsString(Map.of("seedId", seed.toString(), "files", List.of(0, 4))))
                .body();
        JobRequested requested = jobRequestedFor(torrent, "?files=0,4");

        assertThat(task.get("status").asString()).isEqualTo("QUEUED");
        assertThat(requested.source()).isEqualTo(new TorrentSource(seed, torrent,
                dev.cloudget.contracts.source.FileSelection.of(List.of(0, 4))));
        Api.Reply beyond = api.submit(user, json.writeValueAsString(Map.of("seedId", seed.toString(), "files", List.of(5))));
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.text("type")).endsWith("/invalid-file-selection");
        Api.Reply unknown = api.submit(user, json.writeValueAsString(Map.of("seedId", UUID.randomUUID().toString())));
        assertThat(unknown.status()).isEqualTo(404);
        Api.Reply notATorrent = api.submit(user, json.writeValueAsString(Map.of("source", newLink(), "files", List.of(0))));
        assertThat(notATorrent.status()).isEqualTo(400);
        assertThat(notATorrent.text("type")).endsWith("/invalid-file-selection");
    }

    @Test
    void aSelectionJoinsAJobInFlightThatFetchesMoreOfTheTorrent() {
        InfoHash torrent = newInfoHash();
        String dave = newUser("dave");
        String erin = newUser("erin");
        String larger = api.submit(dave, json.writeValueAsString(Map.of("source", magnet(torrent), "files", List.of(0, 1, 2))))
                .text("id");
        JobRequested requested = jobRequestedFor(torrent, "?files=0,1,2");

        String smaller = api.submit(erin, json.writeValueAsString(Map.of("source", magnet(torrent), "files", List.of(2))))
                .text("id");
        List<StoredFile> files = torrentFiles(5).subList(0, 3);
        complete(requested.job(), files);

        assertThat(awaitStatus(dave, larger, "COMPLETED").get("files").size()).isEqualTo(3);
        JsonNode joined = awaitStatus(erin, smaller, "COMPLETED");
        assertThat(joined.get("files").valueStream().map(f -> f.get("sha256").asString()))
                .containsExactly(files.get(2).sha256().hex());
        assertThat(jdbc.sql("SELECT count(*) FROM jobs WHERE source_key LIKE :key").param("key", "btih:" + torrent.hex() + "%")
                .query(Long.class).single()).as("one job for both tasks").isEqualTo(1);
    }

    @Test
    void anEd2kLinkOfAnyStoredFileIsAnsweredAtOnce() {
        InfoHash torrent = newInfoHash();
        String frank = newUser("frank");
        String whole = api.submit(frank, api.body(magnet(torrent), null)).text("id");
        List<StoredFile> files = torrentFiles(3);
        complete(jobRequestedFor(torrent, null).job(), files);
        awaitStatus(frank, whole, "COMPLETED");
        StoredFile second = files.get(1);

        JsonNode task = api.submit(newUser("grace"), api.body("ed2k://|file|" + second.path() + "|" + second.size() + "|"
                + second.ed2k().hex() + "|/", null)).body();

        assertThat(task.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(task.get("sourceKey").asString()).isEqualTo("ed2k:" + second.ed2k().hex());
        assertThat(task.get("files").valueStream().map(f -> f.get("sha256").asString()))
                .containsExactly(second.sha256().hex());
    }

    @Test
    void fetchesOnlyTheSelectedFilesThatAreNotStoredYet() {
        InfoHash torrent = newInfoHash();
        String ivan = newUser("ivan");
        String first = api.submit(ivan, json.writeValueAsString(Map.of("source", magnet(torrent), "files", List.of(0, 1))))
                .text("id");
        List<StoredFile> files = torrentFiles(4);
        complete(jobRequestedFor(torrent, "?files=0,1").job(), files.subList(0, 2));
        awaitStatus(ivan, first, "COMPLETED");

        String judy = newUser("judy");
        JsonNode more = api.submit(judy, json.writeValueAsString(Map.of("source", magnet(torrent), "files", List.of(1, 2))))
                .body();
        JobRequested rest = jobRequestedFor(torrent, "?files=2");
        assertThat(more.get("status").asString()).isEqualTo("QUEUED");
        assertThat(more.get("sourceKey").asString()).isEqualTo("btih:" + torrent.hex() + "?files=1,2");
        complete(rest.job(), List.of(files.get(2)));

        JsonNode done = awaitStatus(judy, more.get("id").asString(), "COMPLETED");
        assertThat(done.get("files").valueStream().map(f -> f.get("sha256").asString()))
                .containsExactly(files.get(1).sha256().hex(), files.get(2).sha256().hex());
    }

    @Test
    void answersASelectionThatSeveralJobsStoredBetweenThemAtOnce() {
        InfoHash torrent = newInfoHash();
        String kim = newUser("kim");
        List<StoredFile> files = torrentFiles(3);
        for (int index : new int[] {0, 2}) {
            String task = api.submit(kim, json.writeValueAsString(Map.of("source", magnet(torrent), "files", List.of(index))))
                    .text("id");
            complete(jobRequestedFor(torrent, "?files=" + index).job(), List.of(files.get(index)));
            awaitStatus(kim, task, "COMPLETED");
        }

        JsonNode both = api.submit(newUser("leo"), json.writeValueAsString(Map.of("source", magnet(torrent),
                "files", List.of(0, 2)))).body();

        assertThat(both.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(both.get("files").valueStream().map(f -> f.get("sha256").asString()))
                .containsExactly(files.get(0).sha256().hex(), files.get(2).sha256().hex());
    }

    @Test
    void takesTheFilesARunningJobFetchesFromItAndFetchesOnlyTheRest() {
        InfoHash torrent = newInfoHash();
        String mia = newUser("mia");
        String ned = newUser("ned");
        String first = api.submit(mia, json.writeValueAsString(Map.of("source", magnet(torrent), "files", List.of(0, 1))))
                .text("id");
        JobId running = jobRequestedFor(torrent, "?files=0,1").job();

        String second = api.submit(ned, json.writeValueAsString(Map.of("source", magnet(torrent), "files", List.of(1, 2))))
                .text("id");
        JobId rest = jobRequestedFor(torrent, "?files=2").job();
        List<StoredFile> files = torrentFiles(3);
        // the rest arrives first: the task still waits for file 1 from the running job
        complete(rest, List.of(files.get(2)));
        complete(running, files.subList(0, 2));

        JsonNode done = awaitStatus(ned, second, "COMPLETED");
        assertThat(done.get("files").valueStream().map(f -> f.get("sha256").asString()))
                .containsExactly(files.get(1).sha256().hex(), files.get(2).sha256().hex());
        assertThat(awaitStatus(mia, first, "COMPLETED").get("files").size()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM jobs WHERE source_key LIKE :key").param("key", "btih:" + torrent.hex() + "%")
                .query(Long.class).single()).as("file 1 fetched once").isEqualTo(2);
    }

    @Test
    void showsTheSwarmOfATorrentDownload() {
        InfoHash torrent = newInfoHash();
        String user = newUser("heidi");
        String task = api.submit(user, api.body(magnet(torrent), null)).text("id");
        JobId job = jobRequestedFor(torrent, null).job();

        kafka.send(Topics.JOB_PROGRESS, job.toString(),
                new JobProgressed(job, "worker-1", 300, 1000, 50, Instant.now(), 7, 2));

        JsonNode progress = awaitStatus(user, task, "DOWNLOADING").get("progress");
        assertThat(progress.get("bytesDone").asLong()).isEqualTo(300);
        assertThat(progress.get("peers").asInt()).isEqualTo(7);
        assertThat(progress.get("seeds").asInt()).isEqualTo(2);
    }

    private void complete(JobId job, List<StoredFile> files) {
        kafka.send(Topics.JOB_COMPLETED, job.toString(), new JobCompleted(job, "worker-1", files, Instant.now()));
    }

    private JobRequested jobRequestedFor(InfoHash torrent, String selection) {
        String key = "btih:" + torrent.hex() + (selection == null ? "" : selection);
        Predicate<Object> wanted = value -> value instanceof JobRequested requested
                && requested.sourceKey().value().equals(key);
        List<ConsumerRecord<String, Object>> records = probe.readUntil(Topics.JOB_REQUESTED, wanted);
        return (JobRequested) records.getLast().value();
    }

    private static String magnet(InfoHash torrent) {
        return "magnet:?xt=urn:btih:" + torrent.hex() + "&tr=http%3A%2F%2Ftracker.example%2Fannounce";
    }

    private static InfoHash newInfoHash() {
        byte[] bytes = new byte[20];
        ThreadLocalRandom.current().nextBytes(bytes);
        return new InfoHash(HexFormat.of().formatHex(bytes));
    }

    /** Files 0..n-1 of a torrent, as a worker reports them: with their index, SHA-256 and eD2k hash. */
    private static List<StoredFile> torrentFiles(int count) {
        return IntStream.range(0, count).mapToObj(index -> {
            byte[] sha = new byte[32];
            byte[] md4 = new byte[16];
            ThreadLocalRandom.current().nextBytes(sha);
            ThreadLocalRandom.current().nextBytes(md4);
            return new StoredFile("album/track-" + index + ".flac", 1000L + index, ContentHash.ofDigest(sha), index,
                    Ed2kHash.ofDigest(md4));
        }).toList();
    }
}
