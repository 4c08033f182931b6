package dev.cloudget.tasks.notify;

import java.time.Instant;

/** A result file as a subscriber sees it: its name, size and the absolute entry URL to fetch it from. */
public record FileLink(String name, long size, String url, Instant validUntil) {
}
