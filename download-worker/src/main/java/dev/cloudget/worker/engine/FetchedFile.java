package dev.cloudget.worker.engine;

import dev.cloudget.contracts.ContentHash;

/** One file an engine streamed to its sink: its sanitised name, exact size and SHA-256. */
public record FetchedFile(String name, long size, ContentHash sha256) {
}
