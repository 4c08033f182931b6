package dev.cloudget.worker.staging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.util.Objects;

/**
 * The object store the worker uploads to, and how it uploads (see {@link StagingStore}).
 *
 * @param partSize         the smallest part of a body of unknown length, spooled on scratch disk; grown so that 10,000
 *                         parts (S3's limit) hold {@code cloudget.worker.max-object-size}
 * @param singlePutLimit   the largest body of known length sent as one streamed {@code PUT} (at most S3's 5 GiB);
 *                         larger ones go as a multipart upload of streamed parts
 * @param streamedPartSize the smallest part of such a multipart upload; grown so the object fits in 10,000 parts
 */
@ConfigurationProperties("cloudget.s3")
public record S3Properties(URI endpoint, String accessKey, String secretKey, String bucket, String region,
        DataSize partSize, DataSize singlePutLimit, DataSize streamedPartSize) {

    /** S3's smallest allowed part (except the last). */
    public static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);
    /** S3's largest single {@code PUT}, and its largest part. */
    public static final DataSize MAX_PUT_SIZE = DataSize.ofGigabytes(5);

    public S3Properties {
        Objects.requireNonNull(endpoint, "cloudget.s3.endpoint");
        Objects.requireNonNull(bucket, "cloudget.s3.bucket");
        region = region == null || region.isBlank() ? "us-east-1" : region;
        partSize = partSize == null ? MIN_PART_SIZE : partSize;
        singlePutLimit = singlePutLimit == null ? MAX_PUT_SIZE : singlePutLimit;
        streamedPartSize = streamedPartSize == null ? DataSize.ofGigabytes(1) : streamedPartSize;
        requireWithin("part-size", partSize);
        requireWithin("streamed-part-size", streamedPartSize);
        if (singlePutLimit.toBytes() < 0 || singlePutLimit.compareTo(MAX_PUT_SIZE) > 0) {
            throw new IllegalArgumentException("cloudget.s3.single-put-limit must be between 0 and 5GB: "
                    + singlePutLimit);
        }
    }

    private static void requireWithin(String name, DataSize size) {
        if (size.compareTo(MIN_PART_SIZE) < 0 || size.compareTo(MAX_PUT_SIZE) > 0) {
            throw new IllegalArgumentException("cloudget.s3." + name + " must be between 5MB and 5GB: " + size);
        }
    }
}
