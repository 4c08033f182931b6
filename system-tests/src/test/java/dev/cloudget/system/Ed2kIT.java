package dev.cloudget.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * eD2k and Thunder links through every service, driven only through the gateway: an ed2k link downloads from its
 * HTTP source ({@code s=}) and is verified against its ed2k hash; once stored, the same hash answers at once without
 * a source; a wrong hash fails; a {@code thunder://} link is the link it wraps. Expected hashes are computed here
 * from the bytes the origin serves ({@link Ed2kHash}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ed2kIT {

    /** Two ed2k chunks (9,728,000 + 2,272,000 bytes), so the hash is the MD4 of the chunk digests. */
    private static final long SIZE = 12_000_000;
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);

    private static CloudgetSystem system;
    private static Origin.ServedFile payload;
    private static String payloadHash;
    private static Api erin;
    private static Api frank;

    @BeforeAll
    static void startSystem() throws Exception {
        system = CloudgetSystem.get();
        payload = system.origin().serve("ed2k-payload.bin", SIZE, 31);
        payloadHash = Ed2kHash.of(payload.path());
        erin = new Api(system.gateway(), "erin");
        frank = new Api(system.gateway(), "frank");
    }

    @Test
    @Order(1)
    void downloadsAnEd2kLinkFromItsHttpSourceAndVerifiesItsHash() {
        String link = Ed2kHash.link("ed2k-payload.bin", SIZE, payloadHash,
                system.origin().url("/files/ed2k-payload.bin").toString());

        Api.Reply submitted = erin.submit(Map.of("source", link));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        assertThat(submitted.body().path("sourceKey").asString()).isEqualToIgnoringCase("ed2k:" + payloadHash);
        JsonNode done = erin.awaitTerminal(submitted.body().path("id").asString(), DOWNLOAD_TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.path("files")).hasSize(1);
        JsonNode file = done.path("files").get(0);
        assertThat(file.path("path").asString()).isEqualTo("ed2k-payload.bin");
        assertThat(file.path("size").asLong()).isEqualTo(SIZE);
        assertThat(file.path("sha256").asString()).isEqualTo(payload.sha256());
        assertThat(system.origin().requestsFor("/files/ed2k-payload.bin")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void answersAStoredEd2kHashAtOnceWithoutAnySource() {
        int originRequests = system.origin().requestsFor("/files/ed2k-payload.bin");

        Api.Reply submitted = frank.submit(Map.of("source", Ed2kHash.link("any-name.bin", SIZE, payloadHash, null)));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        JsonNode task = frank.completedAtOnce(submitted.body());
        assertThat(task.path("files")).hasSize(1);
        assertThat(task.path("files").get(0).path("sha256").asString()).isEqualTo(payload.sha256());
        assertThat(system.origin().requestsFor("/files/ed2k-payload.bin")).isEqualTo(originRequests);
    }

    @Test
    @Order(3)
    void failsWithHashMismatchWhenTheSourceServesOtherBytes() {
        Origin.ServedFile other = system.origin().serve("ed2k-other.bin", 1_500_000, 32);
        String promised = Ed2kHash.of(randomBytes(1_500_000, 33)); // the right size, but of bytes no one serves

        String failure = failureTypeOf(erin, Ed2kHash.link("ed2k-other.bin", other.size(), promised,
                system.origin().url("/files/ed2k-other.bin").toString()));

        assertThat(failure).isEqualTo("hash-mismatch");
        assertThat(system.origin().requestsFor("/files/ed2k-other.bin")).isEqualTo(1);
    }

    @Test
    @Order(4)
    void failsAnUnstoredEd2kLinkWithoutASourceWithNoEd2kSource() {
        String unknown = Ed2kHash.of(randomBytes(2_000_000, 34));

        String failure = failureTypeOf(erin, Ed2kHash.link("nowhere.bin", 2_000_000, unknown, null));

        assertThat(failure).isEqualTo("no-ed2k-source");
    }

    @Test
    @Order(5)
    void givesAThunderLinkTheSourceKeyOfTheLinkItWraps() {
        String plain = system.origin().url("/files/ed2k-payload.bin").toString();
        String thunder = "thunder://" + Base64.getEncoder().encodeToString(
                ("AA" + plain + "ZZ").getBytes(StandardCharsets.UTF_8));

        Api.Reply ofThunder = erin.classify(thunder);
        Api.Reply ofPlain = erin.classify(plain);

        assertThat(ofThunder.status()).as(ofThunder.body().toString()).isEqualTo(200);
        assertThat(ofPlain.status()).as(ofPlain.body().toString()).isEqualTo(200);
        assertThat(ofThunder.body().path("kind").asString()).isEqualTo("http");
        assertThat(ofThunder.body().path("sourceKey").asString())
                .isEqualTo(ofPlain.body().path("sourceKey").asString());
    }

    /** The failure type of a link: a 400 problem's slug at submission, or the task's failure once it ends. */
    private static String failureTypeOf(Api api, String link) {
        Api.Reply reply = api.submit(Map.of("source", link));
        if (reply.status() == 400) {
            return reply.body().path("type").asString().replaceAll(".*/", "");
        }
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
        JsonNode task = api.awaitTerminal(reply.body().path("id").asString(), DOWNLOAD_TIMEOUT);
        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("FAILED");
        return task.path("failure").path("type").asString();
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
