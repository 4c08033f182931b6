package dev.cloudget.worker.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Limits of the HTTP engine.
 *
 * @param connectTimeout   time to open a connection to one origin address
 * @param readTimeout      longest silence allowed between two reads when there is no throughput floor
 *                         ({@code minThroughput} 0): the floor gives up a silent origin by itself
 * @param maxRedirects     redirects followed before giving up
 * @param userAgent        what the worker calls itself to origins
 * @param minThroughput    bytes per second an origin must keep up, averaged over {@code throughputWindow};
 *                         0 turns the guard off. The read timeout alone lets an origin that sends a byte
 *                         just before each timeout hold a worker slot forever; a total time limit would cut
 *                         legitimately long downloads of big files instead. Only time spent waiting on
 *                         the origin counts, not time the sink spends storing what was read.
 * @param throughputWindow the span of time spent waiting on the origin that the throughput is averaged over,
 *                         and the grace period at the start
 * @param connectionsPerJob  connections one download may open to its origin when the origin serves ranges (1: one
 *                           stream); not capped at 16
 * @param connectionsPerHost connections all downloads together may hold to one host beyond each one's first
 * @param minSegment         the smallest segment a connection fetches or steals; files under two of them go as
 *                           one stream
 * @param segmentAfter       how long a download runs over one connection before it is judged
 * @param segmentBelow       bytes per second under which, judged, the rest goes over several connections: a fast
 *                           origin keeps its one stream (no scratch file, no more connections)
 */
@ConfigurationProperties("cloudget.worker.http")
public record HttpEngineProperties(Duration connectTimeout, Duration readTimeout, int maxRedirects, String userAgent,
        DataSize minThroughput, Duration throughputWindow, Integer connectionsPerJob, Integer connectionsPerHost,
        DataSize minSegment, Duration segmentAfter, DataSize segmentBelow) {

    public HttpEngineProperties(Duration connectTimeout, Duration readTimeout, int maxRedirects, String userAgent,
            DataSize minThroughput, Duration throughputWindow) {
        this(connectTimeout, readTimeout, maxRedirects, userAgent, minThroughput, throughputWindow, null, null, null,
                null, null);
    }

    /** The one configuration binds through (the short constructor is for tests). */
    @ConstructorBinding
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
        connectionsPerJob = connectionsPerJob == null ? 16 : connectionsPerJob;
        connectionsPerHost = connectionsPerHost == null ? 32 : connectionsPerHost;
        minSegment = minSegment == null ? DataSize.ofMegabytes(1) : minSegment;
        segmentAfter = segmentAfter == null ? Duration.ofSeconds(1) : segmentAfter;
        segmentBelow = segmentBelow == null ? DataSize.ofMegabytes(64) : segmentBelow;
        if (connectionsPerJob < 1 || connectionsPerHost < 0 || minSegment.toBytes() < 1) {
            throw new IllegalArgumentException("cloudget.worker.http: connections-per-job must be at least 1, "
                    + "connections-per-host not negative, min-segment positive");
        }
        if (throughputWindow.isNegative() || throughputWindow.isZero()) {
            throw new IllegalArgumentException("cloudget.worker.http.throughput-window must be positive");
        }
    }
}
