package dev.cloudget.client.report;

import dev.cloudget.client.gateway.GatewayApi;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Sends download reports to statistics-service through the gateway. A report that cannot be delivered is a warning on
 * stderr, never a failed download: the bytes are on the user's disk either way.
 */
public final class StatisticsReporter {

    private final GatewayApi api;
    private final PrintWriter err;
    private final boolean enabled;

    public StatisticsReporter(GatewayApi api, PrintWriter err, boolean enabled) {
        this.api = api;
        this.err = err;
        this.enabled = enabled;
    }

    public void send(DownloadReport report) {
        if (!enabled) {
            return;
        }
        try {
            api.report(report);
        } catch (IOException | RuntimeException e) {
            err.println("warning: could not report download statistics: " + e.getMessage());
            err.flush();
        }
    }
}
