package dev.cloudget.tasks;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.SourceReport;
import dev.cloudget.contracts.worker.StoredFile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource index learns from completed jobs which URLs served which content, and which served other bytes; a
 * later job for the same hash pulls from every URL known good besides its own, and never from one known bad. (Content
 * named by its hash is answered from storage while stored, so the later job is one for content that left storage.)
 */
class ResourceIndexIT extends TaskManagementIntegrationTest {

    @Test
    void aLaterJobForTheSameHashGetsTheKnownGoodUrlsAndLosesTheKnownBadOnes() {
        ContentHash hash = randomHash();
        URI a = URI.create("https://a.example/f.iso");
        URI b = URI.create("https://b.example/f.iso");
        URI c = URI.create("https://c.example/f.iso");
        URI d = URI.create("https://d.example/f.iso");
        String user = newUser("ida");
        Api.Reply submitted = api.submitMetalink(user, meta4(hash, a, b));
        assertThat(submitted.status()).as(String.valueOf(submitted.body())).isEqualTo(201);
        String first = submitted.text("id");
        JobRequested requested = requested(hash);
        StoredFile file = new StoredFile("f.iso", 1000, hash);
        kafka.send(Topics.JOB_COMPLETED, requested.job().toString(), new JobCompleted(requested.job(), "worker-1",
                List.of(file), Instant.now(), null, List.of(
                        new SourceReport(a, MetalinkSource.sha256Key(hash), 1000, true),
                        new SourceReport(c, MetalinkSource.sha256Key(hash), 1000, true),
                        new SourceReport(b, MetalinkSource.sha256Key(hash), 1000, false))));
        awaitStatus(user, first, "COMPLETED");
        // the content leaves storage: the next Metalink of it is fetched again
        SERVICES.goneContent.add(hash);

        api.submitMetalink(newUser("jo"), meta4(hash, b, d));

        JobRequested again = requestedAfter(hash, requested.job());
        MetalinkSource source = (MetalinkSource) again.source();
        assertThat(source.files().getFirst().urls()).as("the job's URLs without the known bad, the known good added")
                .containsExactly(a, c);
        assertThat(again.sourceKey()).isEqualTo(MetalinkSource.sha256Key(hash));
    }

    private JobRequested requested(ContentHash hash) {
        List<ConsumerRecord<String, Object>> records = probe.readUntil(Topics.JOB_REQUESTED, requestOf(hash));
        return (JobRequested) records.getLast().value();
    }

    private JobRequested requestedAfter(ContentHash hash, JobId earlier) {
        Predicate<Object> later = value -> requestOf(hash).test(value) && !((JobRequested) value).job().equals(earlier);
        return (JobRequested) probe.readUntil(Topics.JOB_REQUESTED, later).getLast().value();
    }

    private static Predicate<Object> requestOf(ContentHash hash) {
        return value -> value instanceof JobRequested requested
                && requested.sourceKey().equals(MetalinkSource.sha256Key(hash));
    }

    private static String meta4(ContentHash hash, URI... urls) {
        StringBuilder xml = new StringBuilder("""
                <metalink xmlns="urn:ietf:params:xml:ns:metalink">
                  <file name="f.iso"><size>1000</size><hash type="sha-256">%s</hash>
                """.formatted(hash.hex()));
        for (URI url : urls) {
            xml.append("    <url>").append(url).append("</url>\n");
        }
        return xml.append("  </file>\n</metalink>\n").toString();
    }

    private static ContentHash randomHash() {
        byte[] bytes = new byte[32];
        new Random().nextBytes(bytes);
        return ContentHash.of(HexFormat.of().formatHex(bytes));
    }
}
