package dev.cloudget.client.tasks;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads a {@code text/event-stream} (the WHATWG HTML "server-sent events" format): {@code event:}, {@code data:}
 * (several lines join with a newline), {@code id:} and {@code retry:} fields, comments starting with {@code :}, an
 * event dispatched at each blank line. An event with no data is not dispatched.
 */
final class ServerSentEvents {

    /** One event; {@code name} is {@code message} when the server gave none. */
    record Event(String id, String name, String data) {
    }

    private final BufferedReader lines;
    private String lastEventId;
    private long retryMillis = -1;

    ServerSentEvents(BufferedReader lines) {
        this.lines = lines;
    }

    /** The next event, or null when the stream ended (a last event without its blank line is dropped, as specified). */
    Event next() throws IOException {
        StringBuilder data = null;
        String name = null;
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(lastEventId, name == null ? "message" : name, data.toString());
                }
                name = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                case "event" -> name = value;
                case "id" -> {
                    if (!value.contains("\0")) {
                        lastEventId = value;
                    }
                }
                case "retry" -> {
                    if (value.matches("\\d{1,9}")) {
                        retryMillis = Long.parseLong(value);
                    }
                }
                default -> {
                    // unknown fields are ignored
                }
            }
        }
        return null;
    }

    /** The id of the last event with one: sent back as {@code Last-Event-ID} when reconnecting. */
    String lastEventId() {
        return lastEventId;
    }

    /** The reconnection delay the server asked for, or -1. */
    long retryMillis() {
        return retryMillis;
    }
}
