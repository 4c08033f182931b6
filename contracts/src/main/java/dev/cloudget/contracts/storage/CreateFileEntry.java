package dev.cloudget.contracts.storage;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;

/**
 * Task-management → storage-service ({@code POST /internal/files}): give {@code owner} an entry
 * address for stored content, named {@code name}, valid until {@code validUntil}.
 */
public record CreateFileEntry(String owner, ContentHash sha256, String name, Instant validUntil) {
}
