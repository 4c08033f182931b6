package dev.cloudget.worker.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Limits of the HTTP engine.
 *
 * @param connectTimeout time to open a connection to one origin address
 * @param readTimeout    longest silence allowed between two reads
 * @param maxRedirects   redirects followed before giving up
 * @param userAgent      what the worker calls itself to origins
 */
@ConfigurationProperties("cloudget.worker.http")
public record HttpEngineProperties(Duration connectTimeout, Duration readTimeout, int maxRedirects, String userAgent) {

    public HttpEngineProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("cloudget.worker.http.max-redirects must not be negative");
        }
        userAgent = userAgent == null || userAgent.isBlank() ? "cloudget-worker" : userAgent;
    }
}
