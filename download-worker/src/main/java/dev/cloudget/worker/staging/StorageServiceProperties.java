package dev.cloudget.worker.staging;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.util.Objects;

/** Where storage-service's internal API is. */
@ConfigurationProperties("cloudget.services.storage")
public record StorageServiceProperties(URI url) {

    public StorageServiceProperties {
        Objects.requireNonNull(url, "cloudget.services.storage.url");
    }
}
