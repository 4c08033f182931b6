package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.ContentHash;

/** One file of a finished job: its path inside the download, and the stored content it points at. */
public record StoredFile(String path, long size, ContentHash sha256) {
}
