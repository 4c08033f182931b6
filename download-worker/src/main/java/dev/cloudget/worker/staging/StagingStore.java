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
     * Uploads {@code body} to its end as a multipart upload of unknown length: memory use is one part,
     * whatever the size of the file.
     */
    public void put(String key, InputStream body) throws Exception {
        ensureBucket();
        s3.putObject(PutObjectArgs.builder()
                .bucket(properties.bucket())
                .object(key)
                .stream(body, -1, properties.partSize().toBytes())
                .contentType("application/octet-stream")
                .build());
    }

    /** Best effort: a staging object left behind wastes space but harms nothing. */
    public void deleteQuietly(String key) {
        try {
            s3.removeObject(RemoveObjectArgs.builder().bucket(properties.bucket()).object(key).build());
        } catch (Exception e) {
            log.warn("Could not delete staging object {}: {}", key, e.toString());
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
