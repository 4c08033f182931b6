package dev.cloudget.contracts.storage;

import dev.cloudget.contracts.ContentHash;

/**
 * Worker → storage-service ({@code POST /internal/contents}): bytes uploaded at {@code stagingKey}
 * hash to {@code sha256}; store them under their content-addressed key.
 */
public record RegisterContent(String stagingKey, ContentHash sha256, long size) {
}
