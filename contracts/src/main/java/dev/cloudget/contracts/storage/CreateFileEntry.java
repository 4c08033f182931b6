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
 *
 * <p>{@code bundle} groups the entries served together as one ZIP (a task's files: task-management uses the task
 * id), each under {@code path} inside it (a torrent's relative path; the name when the file has no other). Both are
 * optional: an entry without a bundle is in no ZIP.
 */
public record CreateFileEntry(UUID id, String owner, ContentHash sha256, String name, Instant validUntil,
        UUID bundle, String path) {
}
