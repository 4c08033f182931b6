package dev.cloudget.worker.staging;

import dev.cloudget.contracts.storage.ContentRegistered;
import dev.cloudget.contracts.storage.RegisterContent;
import dev.cloudget.platform.identity.ServiceTokens;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Hands a staged upload to storage-service, which moves it under its content-addressed key. */
@Component
public class ContentRegistry {

    private final RestClient storage;

    ContentRegistry(RestClient.Builder builder, ServiceTokens tokens, StorageServiceProperties properties) {
        this.storage = builder.baseUrl(properties.url().toString())
                .requestInterceptor(tokens.authenticatingTo("storage-service")).build();
    }

    /** @throws RestClientException when storage-service is unreachable or refuses */
    public ContentRegistered register(RegisterContent content) {
        return storage.post()
                .uri("/internal/contents")
                .body(content)
                .retrieve()
                .body(ContentRegistered.class);
    }
}
