package dev.cloudget.worker.staging;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Streams job output into the object store under its staging key, for storage-service to adopt. */
@Component
public class StagingStore {

    private static final Logger log = LoggerFactory.getLogger(StagingStore.class);

    private final MinioClient s3;
    private final S3Properties properties;
    private volatile boolean bucketReady;

    StagingStore(MinioClient s3, S3Properties properties) {
        this.s3 = s3;
        this.properties = properties;
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

    /**
     * Uploads {@code body} to its end. minio buffers one part in memory per upload, so memory per download
     * is one part: 5 MiB for any file up to 48.8 GiB, more only for larger ones (see {@link PartSizes}).
     *
     * @param length the announced length, or -1: then the upload is of unknown size with parts of the
     *               configured size, which caps it at 10,000 parts (48.8 GiB with 5 MiB parts); a body
     *               running past the cap fails at once with an {@link ObjectTooLargeException}
     * @throws ObjectTooLargeException before reading anything when {@code length} exceeds what an object
     *                                 can hold, or when a body of unknown length runs past the cap
     */
    public void put(String key, InputStream body, long length) throws Exception {
        long minimumPart = properties.partSize().toBytes();
        PutObjectArgs.Builder upload = PutObjectArgs.builder()
                .bucket(properties.bucket())
                .object(key)
                .contentType("application/octet-stream");
        if (length >= 0) {
            upload.stream(body, length, PartSizes.forLength(length, minimumPart));
        } else {
            upload.stream(new CappedStream(body, PartSizes.unknownLengthLimit(minimumPart), minimumPart), -1,
                    minimumPart);
        }
        ensureBucket();
        try {
            s3.putObject(upload.build());
        } catch (Exception e) {
            // minio may wrap the cap's exception; its message is the failure detail the user sees
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ObjectTooLargeException tooLarge) {
                    throw tooLarge;
                }
            }
            throw e;
        }
    }

    /** Best effort: a staging object left behind wastes space but harms nothing. */
    public void deleteQuietly(String key) {
        try {
            s3.removeObject(RemoveObjectArgs.builder().bucket(properties.bucket()).object(key).build());
        } catch (Exception e) {
            log.warn("Could not delete staging object {}: {}", key, e.toString());
        }
    }

    /** A body of unknown length that fails as soon as it runs past what the upload can hold. */
    private static final class CappedStream extends FilterInputStream {

        private final long limit;
        private final long partSize;
        private long count;

        CappedStream(InputStream in, long limit, long partSize) {
            super(in);
            this.limit = limit;
            this.partSize = partSize;
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
                throw new ObjectTooLargeException("the origin did not announce a length and sent more than "
                        + limit + " bytes, the most an upload of unknown length holds (" + PartSizes.MAX_PARTS
                        + " parts of " + partSize + " bytes)");
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
