package dev.cloudget.seeds;

import dev.cloudget.contracts.seeds.MetadataRequested;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.seeds.torrent.TorrentMother;
import dev.cloudget.seeds.torrent.TorrentMother.Torrent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Uploads, magnet links and the farm's reports, through HTTP and Kafka, against the real database and broker. */
@SeedsServiceTest
class SeedsIT {

    private static final String TRACKER = "udp://tracker.example:6969/announce";

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EmbeddedKafkaBroker broker;

    Http http;
    MetadataRequests requests;

    @BeforeEach
    void clients() {
        http = new Http(port, json);
        requests = new MetadataRequests(broker);
    }

    @Test
    void uploadCreatesAReadySeedWithItsFilesAndInfoHash() {
        Torrent torrent = TorrentMother.multiFile(unique("album"));

        Http.Reply created = http.upload(torrent.bytes());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String seedId = created.text("seedId");
        assertThat(created.location()).hasValue("/api/v1/torrents/" + seedId);
        assertThat(created.text("infoHash")).isEqualTo(torrent.infoHash());
        assertThat(created.text("state")).isEqualTo("READY");
        assertThat(created.text("name")).isEqualTo(torrent.name());
        assertThat(created.json().get("totalSize").asLong()).isEqualTo(50_000);
        assertThat(created.json().get("pieceLength").asLong()).isEqualTo(TorrentMother.PIECE);
        assertThat(files(created.json())).containsExactly(
                "0 cover.jpg 1000", "1 cd1/01 intro.flac 20000", "2 cd1/02 song.flac 15000",
                "3 cd2/01 outro.flac 13999", "4 notes.txt 1");
        assertThat(strings(created.json().get("trackers")))
                .containsExactly(TorrentMother.TRACKER, TorrentMother.BACKUP_TRACKER);
        assertThat(strings(created.json().get("webSeeds"))).containsExactly(TorrentMother.WEB_SEED);

        Http.Reply read = http.get("/api/v1/torrents/" + seedId);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(created.json());

        Http.Reply metainfo = http.get("/internal/seeds/" + seedId + "/metainfo");
        assertThat(metainfo.status()).isEqualTo(200);
        assertThat(metainfo.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith(Http.BITTORRENT));
        assertThat(metainfo.bytes()).isEqualTo(torrent.bytes());

        Http.Reply summary = http.get("/internal/seeds/" + seedId);
        assertThat(summary.status()).isEqualTo(200);
        assertThat(summary.text("seed")).isEqualTo(seedId);
        assertThat(summary.text("infoHash")).isEqualTo(torrent.infoHash());
        assertThat(summary.text("state")).isEqualTo("READY");
        assertThat(summary.json().get("fileCount").asInt()).isEqualTo(5);
        assertThat(summary.json().get("totalSize").asLong()).isEqualTo(50_000);
    }

    @Test
    void theSameTorrentUploadedAgainIsTheSameSeed() {
        Torrent torrent = TorrentMother.singleFile(unique("twice") + ".iso");

        Http.Reply first = http.upload(torrent.bytes());
        Http.Reply asForm = http.uploadForm("torrent", torrent.bytes());
        Http.Reply asFilePart = http.uploadForm("file", torrent.bytes());

        assertThat(first.status()).isEqualTo(201);
        assertThat(asForm.status()).as(asForm.toString()).isEqualTo(200);
        assertThat(asFilePart.status()).as(asFilePart.toString()).isEqualTo(200);
        assertThat(asForm.text("seedId")).isEqualTo(first.text("seedId"));
        assertThat(asFilePart.text("seedId")).isEqualTo(first.text("seedId"));
        assertThat(asForm.location()).isEqualTo(first.location());
        assertThat(rowsFor(torrent.infoHash())).isEqualTo(1);
    }

    @Test
    void aHybridTorrentListsItsFilesWithoutPadFilesKeepingMetainfoIndices() {
        Torrent torrent = TorrentMother.hybrid(unique("hybrid"));

        Http.Reply created = http.upload(torrent.bytes());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("infoHash")).isEqualTo(torrent.infoHash());
        assertThat(files(created.json())).containsExactly("0 a.bin 10000", "2 b.bin 10");
        assertThat(created.json().get("totalSize").asLong()).isEqualTo(10_010);
        assertThat(http.get("/internal/seeds/" + created.text("seedId")).json().get("fileCount").asInt()).isEqualTo(3);
    }

    @Test
    void refusesEveryHostileTorrentWithItsProblemAndWritesNothing() {
        for (TorrentMother.Hostile hostile : TorrentMother.hostileCorpus()) {
            long before = torrentRows();

            Http.Reply refused = http.upload(hostile.bytes());

            assertThat(refused.status()).as(hostile.description() + ": " + refused).isEqualTo(400);
            assertThat(refused.contentType()).as(hostile.description())
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.text("type")).as(hostile.description()).isEqualTo(Problems.BASE + hostile.type());
            assertThat(refused.text("field")).as(hostile.description()).isEqualTo(hostile.field());
            assertThat(refused.text("title")).as(hostile.description()).isNotBlank();
            assertThat(refused.text("detail")).as(hostile.description()).isNotBlank();
            assertThat(refused.json().get("offset").asLong()).as(hostile.description())
                    .isBetween(0L, (long) hostile.bytes().length);
            assertThat(torrentRows()).as(hostile.description()).isEqualTo(before);
        }

        assertThat(http.upload(TorrentMother.singleFile(unique("after-hostile")).bytes()).status()).isEqualTo(201);
    }

    @Test
    void refusesUploadsOverTheSizeLimitHoweverTheyCome() {
        byte[] tooLarge = new byte[SeedsServiceTest.MAX_TORRENT_BYTES + 1];
        Arrays.fill(tooLarge, (byte) 'x');
        long before = torrentRows();

        for (Http.Reply refused : List.of(http.upload(tooLarge), http.uploadChunked(tooLarge),
                http.uploadForm("torrent", tooLarge))) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.text("type")).isEqualTo(Problems.TORRENT_TOO_LARGE.toString());
        }
        assertThat(torrentRows()).isEqualTo(before);
    }

    @Test
    void answersNotFoundForUnknownAndMalformedSeedIds() {
        for (String path : List.of("/api/v1/torrents/" + UUID.randomUUID(), "/api/v1/torrents/not-a-seed",
                "/internal/seeds/" + UUID.randomUUID(), "/internal/seeds/" + UUID.randomUUID() + "/metainfo")) {
            Http.Reply missing = http.get(path);

            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.text("type")).as(path).isEqualTo(Problems.NOT_FOUND.toString());
        }
    }

    @Test
    void refusesAnInvalidMagnetLink() {
        Http.Reply refused = http.magnet("magnet:?dn=no-hash");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("type")).isEqualTo(Problems.INVALID_LINK.toString());
    }

    @Test
    void aMagnetIsResolvedByTheFarmFromItsInfoDictionary() {
        Torrent torrent = TorrentMother.multiFile(unique("magnet"));
        String link = magnetOf(torrent, "Some Album");

        Http.Reply resolving = http.magnet(link);

        assertThat(resolving.status()).as(resolving.toString()).isEqualTo(202);
        String seedId = resolving.text("seedId");
        assertThat(resolving.location()).hasValue("/api/v1/torrents/" + seedId);
        assertThat(resolving.text("state")).isEqualTo("RESOLVING");
        assertThat(resolving.text("infoHash")).isEqualTo(torrent.infoHash());
        assertThat(resolving.text("name")).isEqualTo("Some Album");
        assertThat(strings(resolving.json().get("trackers"))).containsExactly(TRACKER);
        assertThat(resolving.json().get("files").isNull()).isTrue();

        ConsumerRecord<String, Object> record = requests.awaitMatching(MetadataRequests.forSeed(seedId), 1).getFirst();
        MetadataRequested requested = (MetadataRequested) record.value();
        assertThat(record.key()).isEqualTo(seedId);
        assertThat(requested.magnet().infoHash().hex()).isEqualTo(torrent.infoHash());
        assertThat(requested.magnet().trackers()).containsExactly(URI.create(TRACKER));
        assertThat(requested.deadline()).isAfter(Instant.now().minusSeconds(1));

        Http.Reply again = http.magnet(link);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.text("seedId")).isEqualTo(seedId);
        assertThat(http.get("/internal/seeds/" + seedId + "/metainfo").text("type"))
                .isEqualTo(Problems.SEED_NOT_READY.toString());

        Http.Reply delivered = http.put("/internal/seeds/" + seedId + "/metainfo", torrent.info());

        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        assertThat(delivered.text("state")).isEqualTo("READY");
        assertThat(delivered.json().get("fileCount").asInt()).isEqualTo(5);
        Http.Reply ready = http.get("/api/v1/torrents/" + seedId);
        assertThat(ready.text("state")).isEqualTo("READY");
        assertThat(ready.text("name")).isEqualTo(torrent.name());
        assertThat(files(ready.json())).hasSize(5).first().isEqualTo("0 cover.jpg 1000");
        byte[] metainfo = http.get("/internal/seeds/" + seedId + "/metainfo").bytes();
        // the info dictionary as delivered, byte for byte, inside a torrent announcing to the magnet's tracker
        assertThat(new String(metainfo, StandardCharsets.ISO_8859_1))
                .startsWith("d8:announce" + TRACKER.length() + ":" + TRACKER)
                .contains("4:info" + new String(torrent.info(), StandardCharsets.ISO_8859_1));

        assertThat(http.put("/internal/seeds/" + seedId + "/metainfo", torrent.info()).status()).isEqualTo(200);
        Http.Reply known = http.magnet(link);
        assertThat(known.status()).isEqualTo(200);
        assertThat(known.text("state")).isEqualTo("READY");
        assertThat(http.postJson("/internal/seeds/" + seedId + "/failure", "{\"type\":\"METADATA_TIMEOUT\"}")
                .text("state")).isEqualTo("READY");
    }

    @Test
    void aMagnetNobodyResolvesFailsAtItsDeadlineAndMayBeAskedForAgain() {
        Torrent torrent = TorrentMother.singleFile(unique("lost"));
        String link = magnetOf(torrent, null);
        String seedId = http.magnet(link).text("seedId");

        await().atMost(Duration.parse(SeedsServiceTest.MAGNET_DEADLINE).plusSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "FAILED".equals(http.get("/api/v1/torrents/" + seedId).text("state")));

        JsonNode failure = http.get("/api/v1/torrents/" + seedId).json().get("failure");
        assertThat(failure.get("type").asString()).isEqualTo("metadata-timeout");
        assertThat(failure.get("detail").asString()).isNotBlank();

        Http.Reply retried = http.magnet(link);
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.text("seedId")).isEqualTo(seedId);
        assertThat(retried.text("state")).isEqualTo("RESOLVING");
        assertThat(retried.json().get("failure").isNull()).isTrue();
        assertThat(requests.awaitMatching(MetadataRequests.forSeed(seedId), 2)).hasSize(2);
    }

    @Test
    void aFailureReportedByTheFarmFailsTheSeedWithItsType() {
        String seedId = http.magnet(magnetOf(TorrentMother.singleFile(unique("blocked")), null)).text("seedId");

        Http.Reply failed = http.postJson("/internal/seeds/" + seedId + "/failure",
                "{\"type\":\"BLOCKED_ADDRESS\",\"detail\":\"every peer is on a private network\"}");

        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        assertThat(failed.text("state")).isEqualTo("FAILED");
        assertThat(failed.json().get("fileCount").asInt()).isEqualTo(-1);
        JsonNode failure = http.get("/api/v1/torrents/" + seedId).json().get("failure");
        assertThat(failure.get("type").asString()).isEqualTo("blocked-address");
        assertThat(failure.get("detail").asString()).isEqualTo("every peer is on a private network");
    }

    @Test
    void metainfoOfAnotherTorrentIsRefusedAndFailsTheSeed() {
        Torrent wanted = TorrentMother.singleFile(unique("wanted"));
        Torrent other = TorrentMother.singleFile(unique("other"));
        String seedId = http.magnet(magnetOf(wanted, null)).text("seedId");

        Http.Reply refused = http.put("/internal/seeds/" + seedId + "/metainfo", other.info());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).isEqualTo(Problems.TORRENT_MALFORMED.toString());
        JsonNode seed = http.get("/api/v1/torrents/" + seedId).json();
        assertThat(seed.get("state").asString()).isEqualTo("FAILED");
        assertThat(seed.get("failure").get("type").asString()).isEqualTo("torrent-malformed");
    }

    @Test
    void malformedMetainfoFromTheFarmIsRefusedAndFailsTheSeed() {
        String seedId = http.magnet(magnetOf(TorrentMother.singleFile(unique("garbled")), null)).text("seedId");

        Http.Reply refused = http.put("/internal/seeds/" + seedId + "/metainfo", "d4:name".getBytes(StandardCharsets.US_ASCII));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("type")).isEqualTo(Problems.TORRENT_MALFORMED.toString());
        assertThat(http.get("/api/v1/torrents/" + seedId).json().get("failure").get("type").asString())
                .isEqualTo("torrent-malformed");
    }

    @Test
    void anUploadCompletesAMagnetSeedOfTheSameTorrent() {
        Torrent torrent = TorrentMother.multiFile(unique("both"));
        String seedId = http.magnet(magnetOf(torrent, null)).text("seedId");

        Http.Reply uploaded = http.upload(torrent.bytes());

        assertThat(uploaded.status()).isEqualTo(200);
        assertThat(uploaded.text("seedId")).isEqualTo(seedId);
        assertThat(uploaded.text("state")).isEqualTo("READY");
        assertThat(http.get("/internal/seeds/" + seedId + "/metainfo").bytes()).isEqualTo(torrent.bytes());
    }

    private static String magnetOf(Torrent torrent, String name) {
        return "magnet:?xt=urn:btih:" + torrent.infoHash().toUpperCase()
                + (name == null ? "" : "&dn=" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                + "&tr=" + URLEncoder.encode(TRACKER, StandardCharsets.UTF_8);
    }

    private long torrentRows() {
        return jdbc.sql("SELECT count(*) FROM torrents").query(Long.class).single();
    }

    private long rowsFor(String infoHash) {
        return jdbc.sql("SELECT count(*) FROM torrents WHERE info_hash = :hash").param("hash", infoHash)
                .query(Long.class).single();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static List<String> files(JsonNode seed) {
        List<String> files = new ArrayList<>();
        seed.get("files").forEach(file -> files.add(file.get("index").asInt() + " " + file.get("path").asString()
                + " " + file.get("size").asLong()));
        return files;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asString()));
        return strings;
    }
}
