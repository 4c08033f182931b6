package dev.cloudget.tasks.task;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;
import java.util.UUID;

/** One result file of a completed task; {@code id} is its storage file entry, the key of its entry address. */
public record TaskFile(UUID id, String path, long size, ContentHash sha256, Instant validUntil) {
}
