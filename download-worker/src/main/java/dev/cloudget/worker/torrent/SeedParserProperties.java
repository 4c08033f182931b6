package dev.cloudget.worker.torrent;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.util.Objects;

/** Where seed-parser-service's internal API is. */
@ConfigurationProperties("cloudget.services.seed-parser")
public record SeedParserProperties(URI url) {

    public SeedParserProperties {
        Objects.requireNonNull(url, "cloudget.services.seed-parser.url");
    }
}
