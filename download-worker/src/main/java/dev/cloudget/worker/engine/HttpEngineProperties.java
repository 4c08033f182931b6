package dev.cloudget.worker.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Limits of the HTTP engine.
 *
 * @param connectTimeout   time to open a connection to one origin address
 * @param readTimeout      longest silence allowed between two reads
 * @param maxRedirects     redirects followed before giving up
 * @param userAgent        what the worker calls itself to origins
 * @param minThroughput    bytes per second an origin must keep up, averaged over {@code throughputWindow};
 *                         0 turns the guard off. The read timeout alone lets an origin that sends a byte
 *                         just before each timeout hold a worker slot forever; a total time limit would cut
 *                         legitimately long downloads of big files instead. Only time spent waiting on
 *                         the origin counts, not time the sink spends storing what was read.
 * @param throughputWindow the span of time spent waiting on the origin that the throughput is averaged over,
 *                         and the grace period at the start
 */
@ConfigurationProperties("cloudget.worker.http")
public record HttpEngineProperties(Duration connectTimeout, Duration readTimeout, int maxRedirects, String userAgent,
        DataSize minThroughput, Duration throughputWindow) {

    public HttpEngineProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("cloudget.worker.http.max-redirects must not be negative");
        }
        userAgent = userAgent == null || userAgent.isBlank() ? "cloudget-worker" : userAgent;
        minThroughput = minThroughput == null ? DataSize.ofKilobytes(1) : minThroughput;
        if (minThroughput.isNegative()) {
            throw new IllegalArgumentException("cloudget.worker.http.min-throughput must not be negative");
        }
        throughputWindow = throughputWindow == null ? Duration.ofSeconds(60) : throughputWindow;
        if (throughputWindow.isNegative() || throughputWindow.isZero()) {
            throw new IllegalArgumentException("cloudget.worker.http.throughput-window must be positive");
        }
    }
}
