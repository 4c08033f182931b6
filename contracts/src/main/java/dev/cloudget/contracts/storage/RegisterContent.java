package dev.cloudget.contracts.storage;

import dev.cloudget.contracts.ContentHash;

/**
 * Worker → storage-service ({@code POST /internal/contents}): the object the worker uploaded at {@code objectKey}
 * (under {@code uploads/}) holds {@code size} bytes hashing to {@code sha256}, with the CRC-32 {@code crc32} (what a
 * ZIP of it needs before its bytes; null when the worker did not compute it). storage-service adopts it as the
 * content's object, or removes it when that content is stored already.
 */
public record RegisterContent(String objectKey, ContentHash sha256, long size, Long crc32) {
}
