package dev.cloudget.storage.objects;

import io.minio.MinioClient;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean
    MinioClient minioClient(S3Properties properties) {
        // A fixed region spares a GetBucketLocation round trip before the first request.
        return MinioClient.builder()
                .endpoint(properties.endpoint().toString())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .build();
    }

    /** The bucket must exist before the first upload; a fresh MinIO or S3Proxy has none. */
    @Bean
    ApplicationRunner ensureBucket(ObjectStore objects) {
        return args -> objects.ensureBucket();
    }
}
