package dev.cloudget.storage.content;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;

/**
 * Content as the catalogue knows it: where its bytes are and until when they are kept; {@code crc32} is null for
 * content registered without one.
 */
public record StoredContent(ContentHash sha256, long size, String objectKey, Instant createdAt, Instant expiresAt,
        Long crc32) {
}
