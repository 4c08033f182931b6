package dev.cloudget.worker.staging;

import dev.cloudget.infra.S3Server;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The three ways an upload goes into a real S3 server (S3Proxy), and that a failed one leaves nothing behind. */
class StagingStoreIT {

    private static final String BUCKET = "staging-it";
    private static final long MIB = 1L << 20;

    /** The largest object the store takes here. */
    private static final long LARGEST = 16 * MIB;

    static S3Server server;
    static MinioClient s3;
    static StagingStore store;
    static Path scratch;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory("staging-store-it");
        server = S3Server.start(0, root.resolve("s3"), "it-access", "it-secret-key");
        scratch = root.resolve("scratch");
        URI endpoint = server.endpoint();
        // objects above 6 MB go as streamed multipart parts of 5 MB; so do bodies of unknown length (spooled)
        S3Properties properties = new S3Properties(endpoint, "it-access", "it-secret-key", BUCKET, null,
                DataSize.ofMegabytes(5), DataSize.ofMegabytes(6), DataSize.ofMegabytes(5));
        s3 = MinioClient.builder().endpoint(endpoint.toString()).credentials("it-access", "it-secret-key")
                .region("us-east-1").build();
        MinioAsyncClient async = MinioAsyncClient.builder().endpoint(endpoint.toString())
                .credentials("it-access", "it-secret-key").region("us-east-1").build();
        store = new StagingStore(s3, async, properties, DataSize.ofBytes(LARGEST), scratch);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void streamsABodyOfKnownLengthAsOnePut() throws Exception {
        byte[] bytes = random(3 * MIB + 17);
        String key = key();

        store.put(key, new ByteArrayInputStream(bytes), bytes.length);

        assertThat(read(key)).isEqualTo(bytes);
    }

    @Test
    void streamsALongerBodyAsAMultipartUploadOfStreamedParts() throws Exception {
        byte[] bytes = random(12 * MIB + 5);
        String key = key();

        store.put(key, new ByteArrayInputStream(bytes), bytes.length);

        assertThat(read(key)).isEqualTo(bytes);
    }

    @Test
    void uploadsABodyOfUnknownLength() throws Exception {
        byte[] bytes = random(7 * MIB + 3);
        String key = key();

        store.put(key, new ByteArrayInputStream(bytes), -1);

        assertThat(read(key)).isEqualTo(bytes);
    }

    @Test
    void uploadsABodyOfUnknownLengthThatFillsItsPartsExactly() throws Exception {
        byte[] bytes = random(10 * MIB);
        String key = key();

        store.put(key, new ByteArrayInputStream(bytes), -1);

        assertThat(read(key)).isEqualTo(bytes);
        assertThat(spoolFiles()).as("the spool file is gone").isEmpty();
    }

    @Test
    void aBodyOfUnknownLengthRunningPastTheLargestObjectFailsAtOnceAndLeavesNothing() throws Exception {
        String key = key();
        AtomicLong sent = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                sent.incrementAndGet();
                return 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, (byte) 'x');
                sent.addAndGet(length);
                return length;
            }
        };

        assertThatThrownBy(() -> store.put(key, endless, -1)).isInstanceOf(ObjectTooLargeException.class)
                .hasMessageContaining("at most " + LARGEST);

        assertThat(sent.get()).as("read no further than one copy buffer past the largest object")
                .isGreaterThan(LARGEST).isLessThanOrEqualTo(LARGEST + 64 * 1024);
        assertThat(spoolFiles()).as("the spool file is gone").isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(objectsUnder(key)).isEmpty());
    }

    @Test
    void refusesADeclaredLengthAboveTheLargestObjectBeforeReadingAnything() {
        assertThatThrownBy(() -> store.put(key(), untouched(), LARGEST + 1))
                .isInstanceOf(ObjectTooLargeException.class).hasMessageContaining(String.valueOf(LARGEST + 1));
    }

    @Test
    void storesAnEmptyBody() throws Exception {
        String key = key();

        store.put(key, InputStream.nullInputStream(), 0);

        assertThat(read(key)).isEmpty();
    }

    @Test
    void aBodyEndingShortOfItsLengthLeavesNoObject() {
        String key = key();

        assertThatThrownBy(() -> store.put(key, new ByteArrayInputStream(random(MIB)), 2 * MIB))
                .hasStackTraceContaining("bytes short of");

        // the store drops its temporary file for the broken PUT once it sees the connection go, a moment later
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(objectsUnder(key)).isEmpty());
    }

    @Test
    void aFailingBodyAbortsTheMultipartUploadAndLeavesNoObject() {
        String key = key();
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(random(7 * MIB)), new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("origin reset the connection");
            }
        });

        assertThatThrownBy(() -> store.put(key, failing, 12 * MIB)).hasStackTraceContaining("origin reset");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(objectsUnder(key)).isEmpty());
    }

    @Test
    void refusesALengthNoObjectCanHoldBeforeReadingAnything() {
        assertThatThrownBy(() -> store.put(key(), untouched(), (5L << 40) + 1))
                .isInstanceOf(ObjectTooLargeException.class);
    }

    private static InputStream untouched() {
        return new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read before the length was checked");
            }
        };
    }

    private static List<Path> spoolFiles() throws java.io.IOException {
        if (!Files.exists(scratch)) {
            return List.of();
        }
        try (var files = Files.list(scratch)) {
            return files.toList();
        }
    }

    private static String key() {
        return "uploads/" + UUID.randomUUID() + "/1/0";
    }

    private static byte[] random(long size) {
        byte[] bytes = new byte[(int) size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] read(String key) throws Exception {
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return in.readAllBytes();
        }
    }

    private static List<String> objectsUnder(String key) {
        List<String> names = new ArrayList<>();
        for (Result<Item> item : s3.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(key).build())) {
            try {
                names.add(item.get().objectName());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return names;
    }
}
