package dev.cloudget.storage.objects;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where the object store is and how to sign requests to it (MinIO, S3, or S3Proxy locally).
 *
 * @param publicEndpoint the object store as clients reach it, for the presigned GETs of the {@code redirect} serving
 *                       mode; {@code endpoint} when not set
 * @param readStallTimeout how long one read of an object's body may wait for the store before the stream is closed
 */
@ConfigurationProperties("cloudget.s3")
public record S3Properties(
        URI endpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("cloudget") String bucket,
        @DefaultValue("us-east-1") String region,
        URI publicEndpoint,
        @DefaultValue("PT1M") Duration readStallTimeout) {

    public S3Properties {
        publicEndpoint = publicEndpoint == null || publicEndpoint.toString().isBlank() ? endpoint : publicEndpoint;
    }
}
