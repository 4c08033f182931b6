package dev.cloudget.worker.engine;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.source.Ed2kHash;

/** One file an engine streamed to its sink: its sanitised name, exact size, SHA-256, eD2k hash and CRC-32. */
public record FetchedFile(String name, long size, ContentHash sha256, Ed2kHash ed2k, long crc32) {
}
