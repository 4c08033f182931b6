package dev.cloudget.storage.entry.persistence;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code file_entries}; {@code bundle} and {@code path} are null for an entry in no ZIP. */
public record FileEntryRow(UUID id, String owner, ContentHash sha256, String name, Instant createdAt,
        Instant expiresAt, Instant revokedAt, UUID bundle, String path) {
}
