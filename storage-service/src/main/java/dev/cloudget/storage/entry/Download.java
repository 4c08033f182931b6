package dev.cloudget.storage.entry;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;
import java.util.UUID;

/** A live entry its owner may download now: what to call the file and which bytes to send. */
public record Download(UUID entryId, String name, ContentHash sha256, long size, String objectKey,
        Instant lastModified) {
}
