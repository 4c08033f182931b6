package dev.cloudget.contracts.storage;

import dev.cloudget.contracts.ContentHash;

/** Storage-service's answer to {@link RegisterContent}: where the content now lives. */
public record ContentRegistered(ContentHash sha256, long size, String objectKey) {
}
