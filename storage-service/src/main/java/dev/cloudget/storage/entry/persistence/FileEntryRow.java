package dev.cloudget.storage.entry.persistence;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code file_entries}. */
public record FileEntryRow(UUID id, String owner, ContentHash sha256, String name, Instant createdAt,
        Instant expiresAt, Instant revokedAt) {
}
