package dev.cloudget.worker.staging;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The S3 clients; the REST client for storage-service is built in {@link ContentRegistry}. */
@Configuration(proxyBeanMethods = false)
class StagingConfiguration {

    @Bean
    MinioClient minioClient(S3Properties properties) {
        return MinioClient.builder()
                .endpoint(properties.endpoint().toString())
                .credentials(properties.accessKey(), properties.secretKey())
                // a fixed region spares a GetBucketLocation round trip before every request
                .region(properties.region())
                .build();
    }

    /** For the multipart calls minio-java's blocking client keeps to itself (create, complete, abort). */
    @Bean
    MinioAsyncClient minioAsyncClient(S3Properties properties) {
        return MinioAsyncClient.builder()
                .endpoint(properties.endpoint().toString())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .build();
    }
}
