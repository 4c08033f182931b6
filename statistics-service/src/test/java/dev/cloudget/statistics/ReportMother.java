package dev.cloudget.statistics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Report bodies as the download client sends them: a valid one, and that one with a field changed. */
public final class ReportMother {

    private ReportMother() {
    }

    /** A successful, unresumed fetch of 1 MiB in 2 s over 8 connections. */
    public static Map<String, Object> successful() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", UUID.randomUUID().toString());
        body.put("file", UUID.randomUUID().toString());
        body.put("fileSize", 1_048_576);
        body.put("bytes", 1_048_576);
        body.put("durationMillis", 2_000);
        body.put("averageBytesPerSecond", 524_288);
        body.put("peakBytesPerSecond", 700_000);
        body.put("connections", 8);
        body.put("result", "SUCCESS");
        body.put("error", null);
        body.put("resumed", false);
        body.put("client", "cloudget-cli/0.1.0");
        return body;
    }

    /** {@link #successful()} with {@code field} set to {@code value} (null included). */
    public static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = successful();
        body.put(field, value);
        return body;
    }

    /** {@link #successful()} without {@code field}. */
    public static Map<String, Object> without(String field) {
        Map<String, Object> body = successful();
        body.remove(field);
        return body;
    }
}
