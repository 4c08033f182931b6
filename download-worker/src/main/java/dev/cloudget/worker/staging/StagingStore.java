package dev.cloudget.worker.staging;

import dev.cloudget.contracts.worker.UploadedPart;
import dev.cloudget.worker.WorkerProperties;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.http.Method;
import io.minio.messages.Part;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Streams job output into the object store under its upload key; storage-service then adopts the object as the
 * content's own (no copy). Each byte is written to the store once, and nothing is held in memory but a copy buffer:
 * <ul>
 *   <li>a body of known length up to {@link S3Properties#singlePutLimit()} (5 GiB) goes as one {@code PUT}, its body
 *       streamed from the origin as it arrives;</li>
 *   <li>a longer one as a multipart upload whose parts are streamed the same way, one after the other (the bytes
 *       come from one stream), each at least {@link S3Properties#streamedPartSize()} and large enough for 10,000 parts
 *       to hold the object;</li>
 *   <li>a body of unknown length cannot announce a part's length before it has read it: each part is first copied to
 *       a spool file on scratch disk, then streamed from there (one {@code PUT} when the body ends within its first
 *       part). Parts are large enough for 10,000 of them to hold {@code maxObjectSize}.</li>
 * </ul>
 * Whatever the length declared, the heap holds one copy buffer per upload: parts are never buffered in memory (a
 * part of a 5 TiB object is 525 MiB). No object is larger than {@code maxObjectSize}: a declared length above it is
 * refused before a byte is read, a body of unknown length as soon as it runs past it.
 * The streamed requests are signed by query string (a presigned URL, {@code UNSIGNED-PAYLOAD}), so the body need
 * not be hashed before it is sent. A failed upload leaves nothing behind: an interrupted {@code PUT} creates no
 * object, and a failed multipart upload is aborted.
 */
@Component
public class StagingStore {

    private static final Logger log = LoggerFactory.getLogger(StagingStore.class);
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");
    /** How long a presigned request may take to start; the upload itself may then run as long as it needs. */
    private static final int SIGNATURE_SECONDS = (int) TimeUnit.HOURS.toSeconds(1);
    /** How long an idle connection to the store is kept for the next upload. */
    static final int IDLE_CONNECTION_SECONDS = 10;

    private final MinioClient s3;
    private final MinioAsyncClient multipart;
    private final OkHttpClient http;
    private final S3Properties properties;
    private final long maxObjectSize;
    private final Path scratchDir;
    private volatile boolean bucketReady;

    @Autowired
    StagingStore(MinioClient s3, MinioAsyncClient multipart, S3Properties properties, WorkerProperties worker) {
        this(s3, multipart, properties, worker.maxObjectSize(), worker.scratchDir());
    }

    /** Stores objects of at most {@code maxObjectSize}, spooling parts of bodies of unknown length in {@code scratchDir}. */
    StagingStore(MinioClient s3, MinioAsyncClient multipart, S3Properties properties, DataSize maxObjectSize,
            Path scratchDir) {
        this.s3 = s3;
        this.multipart = multipart;
        this.properties = properties;
        this.maxObjectSize = maxObjectSize.toBytes();
        this.scratchDir = scratchDir;
        this.http = new OkHttpClient.Builder()
                // the store answers a PUT once it has the last byte; it may take a while to write it down
                .readTimeout(5, TimeUnit.MINUTES)
                .writeTimeout(1, TimeUnit.MINUTES)
                // a streamed PUT cannot be sent again: it must never go out on a connection the store is closing.
                // Stores close idle ones after 20-30 s (S3, S3Proxy's Jetty); this pool lets them go first
                .connectionPool(new ConnectionPool(5, IDLE_CONNECTION_SECONDS, TimeUnit.SECONDS))
                .build();
    }

    /** Creates the bucket at startup; if the store is not up yet the first upload tries again. */
    @EventListener(ApplicationReadyEvent.class)
    void createBucketIfMissing() {
        try {
            ensureBucket();
        } catch (Exception e) {
            log.warn("Bucket {} not checked at startup ({}); will retry on the first upload",
                    properties.bucket(), e.toString());
        }
    }

    /** The largest object this worker stores ({@code cloudget.worker.max-object-size}). */
    public long maxObjectSize() {
        return maxObjectSize;
    }

    /**
     * Uploads {@code body} to its end.
     *
     * @param length the announced length, or -1: then the parts are spooled on scratch disk, and a body running past
     *               {@code maxObjectSize} fails at once with an {@link ObjectTooLargeException}
     * @throws ObjectTooLargeException before reading anything when {@code length} exceeds {@code maxObjectSize}, or
     *                                 when a body of unknown length runs past it
     * @throws EOFException            when the body ends before {@code length} bytes
     */
    public void put(String key, InputStream body, long length) throws Exception {
        if (length >= 0) {
            long partSize = PartSizes.forLength(checkLength(length), properties.streamedPartSize().toBytes());
            ensureBucket();
            if (length <= properties.singlePutLimit().toBytes()) {
                streamedPut(presigned(key, Map.of()), body, length);
            } else {
                streamedMultipart(key, body, length, partSize, null);
            }
        } else {
            ensureBucket();
            spooledUpload(key, new CappedStream(body, maxObjectSize));
        }
    }

    private long checkLength(long length) throws ObjectTooLargeException {
        if (length > maxObjectSize) {
            throw new ObjectTooLargeException("the origin declares " + length + " bytes; this worker stores at most "
                    + maxObjectSize + " per file");
        }
        return length;
    }

    /** Told of each part of a checkpointed upload once the store has it. */
    @FunctionalInterface
    public interface Checkpoints {

        /** The upload's first parts, {@code bytes} of the body in all, are stored. */
        void stored(String uploadId, List<UploadedPart> parts, long bytes);
    }

    /**
     * Uploads a body of known {@code length} as a multipart upload of parts of {@code partSize} bytes
     * ({@link #checkpointSpacing}), telling {@code checkpoints} of each part stored: should this worker die, a successor
     * completes the parts stored so far into an object ({@link #completeUpload}) and carries on after them. Once a part
     * is stored, a failed upload is <em>not</em> aborted (a successor may carry on from it): its owner aborts it
     * ({@link #abortQuietly}) when nobody will.
     */
    public void putCheckpointed(String key, InputStream body, long length, long partSize, Checkpoints checkpoints)
            throws Exception {
        if (partSize < S3Properties.MIN_PART_SIZE.toBytes() || partSize < PartSizes.forLength(checkLength(length), 1)) {
            throw new IllegalArgumentException("parts of " + partSize + " bytes cannot hold " + length);
        }
        ensureBucket();
        streamedMultipart(key, body, length, partSize, checkpoints);
    }

    /**
     * The part size of a checkpointed upload of {@code length} bytes: half the {@code interval} — so that the next part
     * is fetched while one is stored, and a dying worker has fetched at most an interval beyond its last part — but at
     * least the store's smallest part, and large enough for 10,000 parts to hold the file.
     *
     * @throws ObjectTooLargeException when no S3 object can hold {@code length} bytes
     */
    public static long checkpointSpacing(long length, long interval) throws ObjectTooLargeException {
        return Math.max(PartSizes.forLength(length, interval / 2), S3Properties.MIN_PART_SIZE.toBytes());
    }

    /**
     * Completes a multipart upload with the parts named (an earlier worker's checkpoint): the object at {@code key} is
     * then those parts' bytes, and the upload is gone, so its earlier worker, should it still run, can neither add a
     * part nor complete it.
     */
    public void completeUpload(String key, String uploadId, List<UploadedPart> parts) throws Exception {
        Part[] completed = parts.stream().map(part -> new Part(part.number(), part.etag())).toArray(Part[]::new);
        multipart.completeMultipartUploadAsync(properties.bucket(), properties.region(), key, uploadId, completed,
                null, null).get();
    }

    /** The size of the object at {@code key}, or -1 when there is none. */
    public long size(String key) throws Exception {
        try {
            return s3.statObject(StatObjectArgs.builder().bucket(properties.bucket()).object(key).build()).size();
        } catch (io.minio.errors.ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
                return -1;
            }
            throw e;
        }
    }

    /** The object at {@code key}, streamed. */
    public InputStream open(String key) throws Exception {
        return s3.getObject(GetObjectArgs.builder().bucket(properties.bucket()).object(key).build());
    }

    /** Best effort: aborts a multipart upload nobody will carry on (one already completed or aborted is left alone). */
    public void abortQuietly(String key, String uploadId) {
        try {
            multipart.abortMultipartUploadAsync(properties.bucket(), properties.region(), key, uploadId, null, null)
                    .get();
        } catch (Exception e) {
            log.debug("Upload {} of {} not aborted: {}", uploadId, key, e.toString());
        }
    }

    /** Best effort: an upload left behind wastes space but harms nothing. */
    public void deleteQuietly(String key) {
        try {
            s3.removeObject(RemoveObjectArgs.builder().bucket(properties.bucket()).object(key).build());
        } catch (Exception e) {
            log.warn("Could not delete uploaded object {}: {}", key, e.toString());
        }
    }

    private void streamedMultipart(String key, InputStream body, long length, long partSize, Checkpoints checkpoints)
            throws Exception {
        String bucket = properties.bucket();
        String region = properties.region();
        String uploadId = multipart.createMultipartUploadAsync(bucket, region, key, null, null).get().result()
                .uploadId();
        List<UploadedPart> parts = new ArrayList<>();
        try {
            for (long offset = 0; offset < length; offset += partSize) {
                int number = parts.size() + 1;
                long size = Math.min(partSize, length - offset);
                String etag = streamedPut(presigned(key, Map.of("partNumber", Integer.toString(number),
                        "uploadId", uploadId)), body, size);
                parts.add(new UploadedPart(number, etag, size));
                if (checkpoints != null && offset + size < length) {
                    checkpoints.stored(uploadId, List.copyOf(parts), offset + size);
                }
            }
            completeUpload(key, uploadId, parts);
        } catch (Exception e) {
            if (checkpoints != null && !parts.isEmpty()) {
                // a successor may carry on from the parts stored
                throw e;
            }
            try {
                multipart.abortMultipartUploadAsync(bucket, region, key, uploadId, null, null).get();
            } catch (Exception abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    private String presigned(String key, Map<String, String> query) throws Exception {
        return s3.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.PUT)
                .bucket(properties.bucket())
                .object(key)
                .extraQueryParams(query)
                .expiry(SIGNATURE_SECONDS)
                .build());
    }

    /** One {@code PUT} of the next {@code length} bytes of {@code body}; returns the stored bytes' ETag. */
    private String streamedPut(String url, InputStream body, long length) throws IOException {
        Request request = new Request.Builder().url(url).put(new StreamedBody(body, length)).build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                String detail = response.body() == null ? "" : response.body().string();
                throw new IOException("object store answered " + response.code() + " to a PUT: "
                        + detail.substring(0, Math.min(detail.length(), 300)));
            }
            return response.header("ETag");
        }
    }

    /**
     * A body of unknown length, part by part: each is copied to a spool file on scratch disk and sent from there with
     * its length. A body that ends within its first part goes up as one {@code PUT}; a longer one as a multipart
     * upload, aborted if it fails. The spool file is deleted however the upload ends.
     */
    private void spooledUpload(String key, InputStream body) throws Exception {
        long partSize = PartSizes.forLength(maxObjectSize, properties.partSize().toBytes());
        Files.createDirectories(scratchDir);
        Path spool = Files.createTempFile(scratchDir, "upload-", ".part");
        try (FileChannel file = FileChannel.open(spool, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE)) {
            long size = spool(body, file, partSize);
            if (size < partSize) {
                streamedPut(presigned(key, Map.of()), spooled(file), size);
                return;
            }
            String bucket = properties.bucket();
            String region = properties.region();
            String uploadId = multipart.createMultipartUploadAsync(bucket, region, key, null, null).get().result()
                    .uploadId();
            try {
                List<UploadedPart> parts = new ArrayList<>();
                while (size > 0) {
                    int number = parts.size() + 1;
                    String etag = streamedPut(presigned(key, Map.of("partNumber", Integer.toString(number),
                            "uploadId", uploadId)), spooled(file), size);
                    parts.add(new UploadedPart(number, etag, size));
                    size = spool(body, file, partSize);
                }
                completeUpload(key, uploadId, parts);
            } catch (Exception e) {
                abortQuietly(key, uploadId);
                throw e;
            }
        }
    }

    /** Replaces the spool file's content with the body's next {@code partSize} bytes (fewer at its end): how many. */
    private static long spool(InputStream body, FileChannel file, long partSize) throws IOException {
        file.truncate(0);
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        while (size < partSize) {
            int n = body.read(buffer, 0, (int) Math.min(buffer.length, partSize - size));
            if (n < 0) {
                break;
            }
            file.write(ByteBuffer.wrap(buffer, 0, n), size);
            size += n;
        }
        return size;
    }

    /** The spool file's content from its start; the channel stays open (the stream is never closed). */
    private static InputStream spooled(FileChannel file) throws IOException {
        return Channels.newInputStream(file.position(0));
    }

    /** The next {@code length} bytes of a stream as a request body, copied through a small buffer as they come. */
    private static final class StreamedBody extends RequestBody {

        private final InputStream in;
        private final long length;

        StreamedBody(InputStream in, long length) {
            this.in = in;
            this.length = length;
        }

        @Override
        public MediaType contentType() {
            return OCTETS;
        }

        @Override
        public long contentLength() {
            return length;
        }

        /** The bytes are gone once sent: OkHttp must not retry by sending them again. */
        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("the body ended " + left + " bytes short of the " + length + " announced");
                }
                sink.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** A body of unknown length that fails as soon as it runs past the largest object stored. */
    private static final class CappedStream extends FilterInputStream {

        private final long limit;
        private long count;

        CappedStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws ObjectTooLargeException {
            count += n;
            if (count > limit) {
                throw new ObjectTooLargeException("the origin declared no length and sent more than " + limit
                        + " bytes; this worker stores at most " + limit + " per file");
            }
        }
    }

    private void ensureBucket() throws Exception {
        if (bucketReady) {
            return;
        }
        String bucket = properties.bucket();
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
                s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                log.info("Created bucket {}", bucket);
            } catch (io.minio.errors.ErrorResponseException e) {
                // another worker or storage-service created it in the meantime
                if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())
                        && !"BucketAlreadyExists".equals(e.errorResponse().code())) {
                    throw e;
                }
            }
        }
        bucketReady = true;
    }
}
