package dev.cloudget.storage.objects;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * Where the object store is and how to sign requests to it (MinIO, S3, or S3Proxy locally).
 *
 * @param publicEndpoint the object store as clients reach it, for the presigned GETs of the {@code redirect} serving
 *                       mode; {@code endpoint} when not set
 */
@ConfigurationProperties("cloudget.s3")
public record S3Properties(
        URI endpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("cloudget") String bucket,
        @DefaultValue("us-east-1") String region,
        URI publicEndpoint) {

    public S3Properties {
        publicEndpoint = publicEndpoint == null || publicEndpoint.toString().isBlank() ? endpoint : publicEndpoint;
    }
}
