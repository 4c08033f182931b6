package dev.cloudget.contracts.storage;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;
import java.util.UUID;

/**
 * Task-management → storage-service ({@code POST /internal/files}): give {@code owner} an entry
 * address for stored content, named {@code name}, valid until {@code validUntil}.
 *
 * <p>The caller chooses the entry {@code id}, so that the request is idempotent: sending it again
 * (say after a timeout) answers the entry the first attempt made instead of minting another one.
 * An id already used for another owner, content or name is refused (409 {@code idempotency-conflict}).
 */
public record CreateFileEntry(UUID id, String owner, ContentHash sha256, String name, Instant validUntil) {
}
