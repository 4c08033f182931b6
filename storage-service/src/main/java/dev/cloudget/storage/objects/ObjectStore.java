package dev.cloudget.storage.objects;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import jakarta.annotation.PreDestroy;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one bucket storage-service keeps its objects in, behind minio-java. Every method is
 * blocking I/O (run on virtual threads); failures become {@link ObjectStoreException}.
 */
@Component
public class ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final MinioClient client;
    /** The same store for object bodies: no per-read timeout, {@link #stalledReads} ends a read that stalls. */
    private final MinioClient streams;
    private final StalledReads stalledReads;
    private final String bucket;
    /** Signs URLs for the public endpoint; signing is local, it never connects. */
    private final MinioClient presigner;

    public ObjectStore(MinioClient client, S3Properties properties) {
        this.client = client;
        this.streams = ObjectStoreConfiguration.clientOf(properties, properties.endpoint())
                .httpClient(new OkHttpClient.Builder()
                        .connectTimeout(CONNECT_TIMEOUT)
                        .readTimeout(Duration.ZERO)
                        .build())
                .build();
        this.stalledReads = new StalledReads(properties.readStallTimeout());
        this.bucket = properties.bucket();
        this.presigner = properties.publicEndpoint().equals(properties.endpoint()) ? client
                : ObjectStoreConfiguration.clientOf(properties, properties.publicEndpoint()).build();
    }

    /**
     * A GET of the object that anyone holding the URL may start within {@code validity}, answered with the given
     * {@code Content-Disposition} and {@code Content-Type} (S3's {@code response-*} overrides).
     */
    public String presignedGet(String key, Duration validity, String contentDisposition, String contentType) {
        return call("presign " + key, () -> presigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder()
                .method(Method.GET)
                .bucket(bucket)
                .object(key)
                .expiry((int) Math.min(validity.toSeconds(), TimeUnit.DAYS.toSeconds(7)))
                .extraQueryParams(Map.of("response-content-disposition", contentDisposition,
                        "response-content-type", contentType))
                .build()));
    }

    /** Creates the bucket if it does not exist yet (object stores without provisioning, and the local run). */
    public void ensureBucket() {
        call("create bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    log.info("Created bucket {}", bucket);
                } catch (ErrorResponseException e) {
                    // a worker starting beside us created it first: that is what we wanted
                    String code = e.errorResponse().code();
                    if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
                        throw e;
                    }
                }
            }
            return null;
        });
    }

    /** The object's size, or empty when there is no object under {@code key}. */
    public OptionalLong sizeOf(String key) {
        return call("stat " + key, () -> {
            try {
                StatObjectResponse stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return OptionalLong.of(stat.size());
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return OptionalLong.empty();
                }
                throw e;
            }
        });
    }

    /** An object as a listing shows it. */
    public record Listed(String key, long size, Instant lastModified) {
    }

    /** Every object whose key starts with {@code prefix}, page by page as the listing goes (not held in memory). */
    public void forEach(String prefix, Consumer<Listed> action) {
        call("list " + prefix, () -> {
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = result.get();
                // file-system backed stores (S3Proxy's) list their folders as keys ending in '/': not objects
                if (!item.isDir() && !item.objectName().endsWith("/")) {
                    action.accept(new Listed(item.objectName(), item.size(), item.lastModified().toInstant()));
                }
            }
            return null;
        });
    }

    /** Removes the object; removing a missing object is not an error (S3 semantics). */
    public void remove(String key) {
        call("remove " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    @PreDestroy
    void stopWatchingReads() {
        stalledReads.close();
    }

    /**
     * Opens {@code length} bytes of the object from {@code offset} as a stream straight from the
     * object store; the caller closes it. {@code length} must be positive.
     */
    public InputStream open(String key, long offset, long length) {
        return call("get " + key, () -> {
            try {
                return stalledReads.watch(streams.getObject(GetObjectArgs.builder().bucket(bucket).object(key)
                        .offset(offset).length(length).build()), key);
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    throw new MissingObjectException("No object " + key + " in bucket " + bucket, e);
                }
                throw e;
            }
        });
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse() == null ? null : e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code)
                || (e.response() != null && e.response().code() == 404);
    }

    private <T> T call(String what, MinioCall<T> call) {
        try {
            return call.run();
        } catch (MissingObjectException e) {
            throw e;
        } catch (Exception e) {
            throw new ObjectStoreException("Object store failed to " + what + " in bucket " + bucket, e);
        }
    }

    @FunctionalInterface
    private interface MinioCall<T> {
        T run() throws Exception;
    }
}
