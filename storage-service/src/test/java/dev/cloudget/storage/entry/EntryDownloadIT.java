package dev.cloudget.storage.entry;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.storage.StorageITSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EntryDownloadIT extends StorageITSupport {

    /** Several buffers' worth, so streaming crosses buffer boundaries. */
    private static final int SIZE = 300_001;

    private byte[] bytes;
    private ContentHash sha256;
    private UUID entry;

    @BeforeEach
    void storeAFileForAlice() throws Exception {
        bytes = randomBytes(SIZE);
        sha256 = storeContent(bytes);
        entry = entryFor("alice", sha256, "Quarterly report.pdf");
    }

    @Test
    void createsAnEntryAddressWithTheContentSize() throws Exception {
        Instant validUntil = Instant.parse("2099-01-01T00:00:00Z");

        HttpResponse<String> response = createEntry("bob", sha256, "x.bin", validUntil);

        assertThat(response.statusCode()).isEqualTo(201);
        var body = json(response);
        String id = body.get("id").asString();
        assertThat(body.get("owner").asString()).isEqualTo("bob");
        assertThat(body.get("sha256").asString()).isEqualTo(sha256.hex());
        assertThat(body.get("size").asLong()).isEqualTo(SIZE);
        assertThat(Instant.parse(body.get("validUntil").asString())).isEqualTo(validUntil);
        assertThat(body.get("entryPath").asString()).isEqualTo("/api/v1/files/" + id + "/content");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/files/" + id + "/content");
    }

    @Test
    void servesTheWholeFileWithItsMetadata() throws Exception {
        HttpResponse<byte[]> response = get(asUser("alice", path()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);
        assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(SIZE));
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + sha256.hex() + "\"");
        assertThat(response.headers().firstValue("Last-Modified")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"Quarterly report.pdf\"; filename*=UTF-8''Quarterly%20report.pdf");
    }

    @Test
    void servesExactlyTheRequestedRange() throws Exception {
        HttpResponse<byte[]> response = get(asUser("alice", path()).header("Range", "bytes=70000-200000"));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(bytes, 70_000, 200_001));
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 70000-200000/" + SIZE);
        assertThat(response.headers().firstValue("Content-Length")).hasValue("130001");
    }

    @Test
    void servesTheLastBytesForASuffixRange() throws Exception {
        HttpResponse<byte[]> response = get(asUser("alice", path()).header("Range", "bytes=-7"));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(bytes, SIZE - 7, SIZE));
        assertThat(response.headers().firstValue("Content-Range"))
                .hasValue("bytes " + (SIZE - 7) + "-" + (SIZE - 1) + "/" + SIZE);
    }

    @Test
    void resumesFromAnOffsetToTheEnd() throws Exception {
        HttpResponse<byte[]> response = get(asUser("alice", path()).header("Range", "bytes=300000-"));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(bytes, 300_000, SIZE));
    }

    @Test
    void refusesARangeBeyondTheEndOfTheFile() throws Exception {
        HttpResponse<String> response = getString(asUser("alice", path()).header("Range", "bytes=" + SIZE + "-"));

        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes */" + SIZE);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("type").asString()).isEqualTo(Problems.RANGE_NOT_SATISFIABLE.toString());
    }

    @Test
    void sendsTheWholeFileWhenIfRangeNamesAnotherVersion() throws Exception {
        HttpResponse<byte[]> response = get(asUser("alice", path())
                .header("Range", "bytes=0-9").header("If-Range", "\"" + "0".repeat(64) + "\""));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(bytes);
    }

    @Test
    void honoursTheRangeWhenIfRangeMatchesTheETag() throws Exception {
        HttpResponse<byte[]> response = get(asUser("alice", path())
                .header("Range", "bytes=0-9").header("If-Range", "\"" + sha256.hex() + "\""));

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(bytes, 0, 10));
    }

    @Test
    void answersHeadWithTheHeadersAndNoBody() throws Exception {
        HttpResponse<byte[]> response = get(asUser("alice", path()).method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(SIZE));
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + sha256.hex() + "\"");
    }

    @Test
    void hidesTheEntryFromEveryoneButItsOwner() throws Exception {
        HttpResponse<String> response = getString(asUser("mallory", path()));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("type").asString()).isEqualTo(Problems.NOT_FOUND.toString());
    }

    @Test
    void answersAnUnknownEntryWithNotFound() throws Exception {
        HttpResponse<String> response = getString(asUser("alice", "/api/v1/files/" + UUID.randomUUID() + "/content"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("type").asString()).isEqualTo(Problems.NOT_FOUND.toString());
    }

    @Test
    void refusesRequestsThatDidNotComeThroughTheGateway() throws Exception {
        HttpResponse<String> response = getString(HttpRequest.newBuilder(uri(path()))
                .header("X-Cloudget-User", "alice"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void stopsServingARevokedEntry() throws Exception {
        HttpResponse<String> revoked = http.send(internal("/internal/files/" + entry).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(getString(asUser("alice", path())).statusCode()).isEqualTo(404);
    }

    @Test
    void stopsServingAnEntryWhoseValidPeriodPassed() throws Exception {
        jdbc.sql("UPDATE file_entries SET expires_at = now() - interval '1 second' WHERE id = :id")
                .param("id", entry).update();

        assertThat(getString(asUser("alice", path())).statusCode()).isEqualTo(404);
    }

    @Test
    void servesAnEmptyFile() throws Exception {
        UUID empty = entryFor("alice", storeContent(new byte[0]), "empty.txt");

        HttpResponse<byte[]> response = get(asUser("alice", "/api/v1/files/" + empty + "/content"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("Content-Length")).hasValue("0");
    }

    @Test
    void answersGoneAndForgetsTheContentWhenItsObjectIsGone() throws Exception {
        s3.removeObject(io.minio.RemoveObjectArgs.builder().bucket(BUCKET)
                .object(objectOf(sha256)).build());

        HttpResponse<String> download = getString(asUser("alice", path()));
        HttpResponse<String> newEntry = createEntry("bob", sha256, "copy.pdf", Instant.parse("2099-01-01T00:00:00Z"));

        assertThat(download.statusCode()).isEqualTo(410);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(download).path("type").asString()).isEqualTo(Problems.CONTENT_EXPIRED.toString());
        assertThat(newEntry.statusCode()).isEqualTo(404);
        assertThat(json(newEntry).path("type").asString()).isEqualTo(Problems.CONTENT_EXPIRED.toString());
        assertThat(jdbc.sql("SELECT count(*) FROM contents WHERE sha256 = :sha").param("sha", sha256.hex())
                .query(Long.class).single()).isZero();
    }

    @Test
    void refusesAFirstEntryForContentWhoseObjectVanishedBeforeAnyDownload() throws Exception {
        // content no entry was minted for yet: its object is looked for (an object seen by a mint within the last
        // half minute is not looked for again, see the next test)
        ContentHash unclaimed = storeContent(randomBytes(1000));
        s3.removeObject(io.minio.RemoveObjectArgs.builder().bucket(BUCKET).object(objectOf(unclaimed)).build());

        HttpResponse<String> newEntry = createEntry("bob", unclaimed, "copy.pdf", Instant.parse("2099-01-01T00:00:00Z"));

        assertThat(newEntry.statusCode()).isEqualTo(404);
        assertThat(json(newEntry).path("type").asString()).isEqualTo(Problems.CONTENT_EXPIRED.toString());
        assertThat(jdbc.sql("SELECT count(*) FROM contents WHERE sha256 = :sha").param("sha", unclaimed.hex())
                .query(Long.class).single()).isZero();
    }

    @Test
    void findsAnObjectLostRightAfterAMintAtTheNextDownloadAndMintsNoMoreForIt() throws Exception {
        // alice's entry was minted a moment ago: the store is not asked again for bob's, the download finds out
        s3.removeObject(io.minio.RemoveObjectArgs.builder().bucket(BUCKET).object(objectOf(sha256)).build());
        HttpResponse<String> bobs = createEntry("bob", sha256, "copy.pdf", Instant.parse("2099-01-01T00:00:00Z"));
        assertThat(bobs.statusCode()).isEqualTo(201);

        HttpResponse<String> download = getString(asUser("bob", "/api/v1/files/" + json(bobs).get("id").asString()
                + "/content"));
        HttpResponse<String> carols = createEntry("carol", sha256, "copy.pdf", Instant.parse("2099-01-01T00:00:00Z"));

        assertThat(download.statusCode()).isEqualTo(410);
        assertThat(json(download).path("type").asString()).isEqualTo(Problems.CONTENT_EXPIRED.toString());
        assertThat(carols.statusCode()).isEqualTo(404);
    }

    @Test
    void servesSeveralRangesAsMultipartByteranges() throws Exception {
        HttpResponse<byte[]> response = get(asUser("alice", path()).header("Range", "bytes=299990-, 0-9"));

        assertThat(response.statusCode()).isEqualTo(206);
        String type = response.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        String boundary = type.substring(type.indexOf("boundary=") + "boundary=".length());
        String body = new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        String expected = "\r\n--" + boundary + "\r\nContent-Type: application/pdf\r\nContent-Range: bytes 299990-300000/"
                + SIZE + "\r\n\r\n" + latin1(Arrays.copyOfRange(bytes, 299_990, SIZE))
                + "\r\n--" + boundary + "\r\nContent-Type: application/pdf\r\nContent-Range: bytes 0-9/" + SIZE
                + "\r\n\r\n" + latin1(Arrays.copyOfRange(bytes, 0, 10)) + "\r\n--" + boundary + "--\r\n";
        assertThat(body).isEqualTo(expected);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
    }

    @Test
    void opensTheCapabilityUrlWithNoUserAndOnlyAsSigned() throws Exception {
        Instant expires = Instant.now().plusSeconds(3600);
        String signed = signedPath(entry, "alice", "Quarterly report.pdf", expires);

        HttpResponse<byte[]> whole = get(viaGateway(signed));
        HttpResponse<byte[]> part = get(viaGateway(signed).header("Range", "bytes=10-19"));
        HttpResponse<String> altered = getString(viaGateway(signed.replace("expires=" + expires.getEpochSecond(),
                "expires=" + (expires.getEpochSecond() + 1))));
        HttpResponse<String> otherOwner = getString(viaGateway(signedPath(entry, "bob", "x.pdf", expires)));
        HttpResponse<String> expired = getString(viaGateway(signedPath(entry, "alice", "x.pdf",
                Instant.now().minusSeconds(1))));
        HttpResponse<String> aroundTheGateway = getString(HttpRequest.newBuilder(uri(signed)));

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(bytes);
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
        assertThat(altered.statusCode()).isEqualTo(403);
        assertThat(json(altered).path("type").asString()).isEqualTo(Problems.ENTRY_SIGNATURE_INVALID.toString());
        assertThat(otherOwner.statusCode()).isEqualTo(403);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(json(expired).path("type").asString()).isEqualTo(Problems.ENTRY_EXPIRED.toString());
        assertThat(aroundTheGateway.statusCode()).isEqualTo(401);
    }

    @Test
    void answersTheCapabilityUrlOfARevokedEntryWith404() throws Exception {
        String signed = signedPath(entry, "alice", "x.pdf", Instant.now().plusSeconds(3600));
        assertThat(http.send(internal("/internal/files/" + entry).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);

        HttpResponse<String> revoked = getString(viaGateway(signed));

        assertThat(revoked.statusCode()).isEqualTo(404);
        assertThat(json(revoked).path("type").asString()).isEqualTo(Problems.NOT_FOUND.toString());
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private String path() {
        return "/api/v1/files/" + entry + "/content";
    }

    private HttpResponse<byte[]> get(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> getString(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
