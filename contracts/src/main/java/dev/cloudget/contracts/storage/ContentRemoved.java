package dev.cloudget.contracts.storage;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;

/**
 * Storage no longer holds this content: every entry address to it is gone. Keyed by the hash.
 *
 * @param reason {@link #EXPIRED} (its valid period passed and the sweeper removed it) or {@link #LOST} (its object
 *               vanished from the object store)
 */
public record ContentRemoved(ContentHash sha256, long size, String reason, Instant removedAt) {

    public static final String EXPIRED = "EXPIRED";
    public static final String LOST = "LOST";
}
