package dev.cloudget.worker.staging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.util.Objects;

/**
 * The object store the worker uploads to.
 *
 * @param partSize multipart part size; one part is the most the worker holds in memory per upload, and
 *                 with an unknown length the largest object is 10,000 parts (S3's limit)
 */
@ConfigurationProperties("cloudget.s3")
public record S3Properties(URI endpoint, String accessKey, String secretKey, String bucket, String region,
        DataSize partSize) {

    /** S3's smallest allowed part (except the last). */
    public static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);

    public S3Properties {
        Objects.requireNonNull(endpoint, "cloudget.s3.endpoint");
        Objects.requireNonNull(bucket, "cloudget.s3.bucket");
        region = region == null || region.isBlank() ? "us-east-1" : region;
        partSize = partSize == null ? MIN_PART_SIZE : partSize;
        if (partSize.compareTo(MIN_PART_SIZE) < 0) {
            throw new IllegalArgumentException("cloudget.s3.part-size must be at least 5MB: " + partSize);
        }
    }
}
