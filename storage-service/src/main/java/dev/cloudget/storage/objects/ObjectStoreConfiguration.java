package dev.cloudget.storage.objects;

import io.minio.MinioClient;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;

@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

    @Bean
    MinioClient minioClient(S3Properties properties) {
        return clientOf(properties, properties.endpoint()).build();
    }

    /** A client of the store at {@code endpoint}; a fixed region spares a GetBucketLocation round trip. */
    static MinioClient.Builder clientOf(S3Properties properties, URI endpoint) {
        return MinioClient.builder()
                .endpoint(endpoint.toString())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region());
    }

    /** The bucket must exist before the first upload; a fresh MinIO or S3Proxy has none. */
    @Bean
    ApplicationRunner ensureBucket(ObjectStore objects) {
        return args -> objects.ensureBucket();
    }
}
