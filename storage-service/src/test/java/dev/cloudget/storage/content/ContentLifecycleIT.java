package dev.cloudget.storage.content;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.storage.StorageITSupport;
import dev.cloudget.storage.expiry.ExpirySweeper;
import dev.cloudget.storage.expiry.UploadSweeper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ContentLifecycleIT extends StorageITSupport {

    @Autowired
    ExpirySweeper sweeper;

    @Autowired
    UploadSweeper uploads;

    @Test
    void removesUploadsNobodyRegisteredOnceTheirGraceIsOverAndKeepsEveryContentsObject() throws Exception {
        String orphan = stage(randomBytes(2048));
        ContentHash kept = storeContent(randomBytes(4096));
        String fresh = stage(randomBytes(10));

        int early = uploads.sweep(Instant.now().minusSeconds(3600));
        assertThat(objectExists(orphan)).isTrue();
        int removed = uploads.sweep(Instant.now().plusSeconds(60));

        assertThat(early).isZero();
        assertThat(removed).isGreaterThanOrEqualTo(2);
        assertThat(objectExists(orphan)).isFalse();
        assertThat(objectExists(fresh)).isFalse();
        assertThat(objectExists(objectOf(kept))).isTrue();
    }

    @Test
    void keepsTheUploadedObjectAsTheContentsOwnWithoutCopyingIt() throws Exception {
        byte[] bytes = randomBytes(4096);
        ContentHash sha256 = sha256(bytes);
        String upload = stage(bytes);

        HttpResponse<String> response = registerContent(upload, sha256, bytes.length);

        assertThat(response.statusCode()).isEqualTo(201);
        var body = json(response);
        assertThat(body.get("sha256").asString()).isEqualTo(sha256.hex());
        assertThat(body.get("size").asLong()).isEqualTo(4096);
        assertThat(body.get("objectKey").asString()).isEqualTo(upload);
        assertThat(objectOf(sha256)).isEqualTo(upload);
        assertThat(objectExists(upload)).isTrue();
        assertThat(objectExists("content/sha256/" + sha256.hex())).isFalse();
    }

    @Test
    void keepsOneObjectWhenTheSameContentArrivesAgainAndRemovesTheDuplicateUpload() throws Exception {
        byte[] bytes = randomBytes(1000);
        ContentHash sha256 = storeContent(bytes);
        String first = objectOf(sha256);
        String secondUpload = stage(bytes);

        HttpResponse<String> again = registerContent(secondUpload, sha256, bytes.length);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("objectKey").asString()).isEqualTo(first);
        assertThat(objectExists(secondUpload)).isFalse();
        assertThat(objectExists(first)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM contents WHERE sha256 = :sha256").param("sha256", sha256.hex())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aNewUploadTakesThePlaceOfContentWhoseObjectWasLost() throws Exception {
        byte[] bytes = randomBytes(700);
        ContentHash sha256 = storeContent(bytes);
        s3.removeObject(io.minio.RemoveObjectArgs.builder().bucket(BUCKET).object(objectOf(sha256)).build());
        String upload = stage(bytes);

        HttpResponse<String> again = registerContent(upload, sha256, bytes.length);

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(objectOf(sha256)).isEqualTo(upload);
        assertThat(objectExists(upload)).isTrue();
    }

    @Test
    void refusesToMakeOneObjectTheObjectOfTwoContents() throws Exception {
        byte[] bytes = randomBytes(300);
        ContentHash sha256 = storeContent(bytes);
        String object = objectOf(sha256);

        HttpResponse<String> response = registerContent(object, sha256(randomBytes(300)), bytes.length);

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(objectExists(object)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM contents WHERE object_key = :key").param("key", object)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void refusesAndRemovesTheUploadOfAWorkerThatLostItsJobsLease() throws Exception {
        byte[] bytes = randomBytes(1500);
        ContentHash sha256 = sha256(bytes);
        UUID job = UUID.randomUUID();
        // the job went to another worker under lease 2; the first worker, back, registers under lease 1
        LEASES.put(job, 2L);
        String stale = stage(bytes);

        HttpResponse<String> refused = registerContent(stale, sha256, bytes.length, job, 1);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json.readTree(refused.body()).path("type").asString()).isEqualTo(Problems.LEASE_LOST.toString());
        assertThat(objectExists(stale)).as("the stale upload is removed").isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM contents WHERE sha256 = :sha").param("sha", sha256.hex())
                .query(Long.class).single()).isZero();
        HttpResponse<String> unknownJob = registerContent(stage(bytes), sha256, bytes.length, UUID.randomUUID(), 1);
        assertThat(unknownJob.statusCode()).as("a job distribution never saw").isEqualTo(409);

        HttpResponse<String> current = registerContent(stage(bytes), sha256, bytes.length, job, 2);
        assertThat(current.statusCode()).as(current.body()).isEqualTo(201);
    }

    @Test
    void readsNewContentBackAndRefusesBytesThatDoNotHashToTheDeclaredHash() throws Exception {
        byte[] popular = randomBytes(2000);
        byte[] forged = randomBytes(2000);
        ContentHash claimed = sha256(popular);
        String upload = stage(forged);

        HttpResponse<String> refused = registerContent(upload, claimed, forged.length);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(json(refused).get("type").asString()).isEqualTo(Problems.HASH_MISMATCH.toString());
        assertThat(objectExists(upload)).as("the forged upload is removed").isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM contents WHERE sha256 = :sha").param("sha", claimed.hex())
                .query(Long.class).single()).as("the hash names nothing").isZero();
        assertThat(createEntry("alice", claimed, "popular.iso", Instant.now().plusSeconds(3600)).statusCode())
                .as("nothing can be served under it").isEqualTo(404);

        // the true bytes are still taken under that hash
        HttpResponse<String> genuine = registerContent(stage(popular), claimed, popular.length);
        assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(201);
    }

    @Test
    void refusesAnUploadOfAnotherSizeThanDeclared() throws Exception {
        byte[] bytes = randomBytes(100);

        HttpResponse<String> response = registerContent(stage(bytes), sha256(bytes), 99);

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void refusesToRegisterAnObjectOutsideTheUploads() throws Exception {
        byte[] bytes = randomBytes(100);
        String elsewhere = "content/elsewhere/" + UUID.randomUUID();
        s3.putObject(io.minio.PutObjectArgs.builder().bucket(BUCKET).object(elsewhere)
                .stream(new java.io.ByteArrayInputStream(bytes), bytes.length, -1).build());

        HttpResponse<String> response = registerContent(elsewhere, sha256(bytes), 100);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(objectExists(elsewhere)).isTrue();
    }

    @Test
    void answersAMissingUploadWithNotFound() throws Exception {
        byte[] bytes = randomBytes(10);

        HttpResponse<String> response = registerContent("uploads/" + UUID.randomUUID() + "/1/0", sha256(bytes), 10);

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAnEntryForExpiredContent() throws Exception {
        ContentHash sha256 = storeContent(randomBytes(64));
        expireContent(sha256);

        HttpResponse<String> response = createEntry("alice", sha256, "late.bin", Instant.now().plusSeconds(3600));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("type").asString()).isEqualTo(Problems.CONTENT_EXPIRED.toString());
    }

    @Test
    void refusesAnEntryForContentNeverStored() throws Exception {
        HttpResponse<String> response = createEntry("alice", sha256(randomBytes(8)), "never.bin",
                Instant.now().plusSeconds(3600));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("type").asString()).isEqualTo(Problems.CONTENT_EXPIRED.toString());
    }

    @Test
    void keepsContentAtLeastAsLongAsItsLongestLivedEntry() throws Exception {
        ContentHash sha256 = storeContent(randomBytes(64));
        Instant farFuture = Instant.parse("2099-06-01T00:00:00Z");

        createEntry("alice", sha256, "a.bin", farFuture);
        createEntry("bob", sha256, "b.bin", Instant.now().plusSeconds(60));

        assertThat(jdbc.sql("SELECT expires_at FROM contents WHERE sha256 = :sha256").param("sha256", sha256.hex())
                .query(java.time.OffsetDateTime.class).single().toInstant()).isEqualTo(farFuture);
    }

    @Test
    void sweepsExpiredContentAndItsObject() throws Exception {
        ContentHash sha256 = storeContent(randomBytes(256));
        String object = objectOf(sha256);
        UUID deadEntry = entryFor("alice", sha256, "old.bin");
        jdbc.sql("UPDATE file_entries SET expires_at = now() - interval '1 minute' WHERE id = :id")
                .param("id", deadEntry).update();
        expireContent(sha256);

        int removed = sweeper.sweep();

        assertThat(removed).isGreaterThanOrEqualTo(1);
        assertThat(objectExists(object)).isFalse();
        assertThat(jdbc.sql("SELECT count(*) FROM contents WHERE sha256 = :sha256").param("sha256", sha256.hex())
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM file_entries WHERE id = :id").param("id", deadEntry)
                .query(Long.class).single()).isZero();
    }

    @Test
    void sparesExpiredContentThatALiveEntryStillNeeds() throws Exception {
        ContentHash sha256 = storeContent(randomBytes(256));
        entryFor("alice", sha256, "still-wanted.bin");
        expireContent(sha256);

        sweeper.sweep();

        assertThat(objectExists(objectOf(sha256))).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM contents WHERE sha256 = :sha256").param("sha256", sha256.hex())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void storesContentAgainAfterItWasSwept() throws Exception {
        byte[] bytes = randomBytes(128);
        ContentHash sha256 = storeContent(bytes);
        expireContent(sha256);
        sweeper.sweep();

        String upload = stage(bytes);
        HttpResponse<String> again = registerContent(upload, sha256, bytes.length);

        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(objectOf(sha256)).isEqualTo(upload);
        assertThat(objectExists(upload)).isTrue();
        assertThat(createEntry("alice", sha256, "back.bin", Instant.now().plusSeconds(60)).statusCode()).isEqualTo(201);
    }
}
