package dev.cloudget.contracts.storage;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;
import java.util.UUID;

/**
 * One user's entry address for stored content. {@code entryPath} is relative to the public gateway
 * URL: {@code /api/v1/files/{id}/content}.
 */
public record FileEntry(UUID id, String owner, ContentHash sha256, String name, long size, Instant validUntil,
        String entryPath) {

    public static String entryPathOf(UUID id) {
        return "/api/v1/files/" + id + "/content";
    }
}
