package dev.cloudget.storage.content;

import dev.cloudget.contracts.ContentHash;

import java.time.Instant;

/** Content as the catalogue knows it: where its bytes are and until when they are kept. */
public record StoredContent(ContentHash sha256, long size, String objectKey, Instant createdAt, Instant expiresAt) {

    /** The content-addressed key of {@code sha256}: one object per distinct content, whoever fetched it. */
    public static String objectKeyOf(ContentHash sha256) {
        return "content/sha256/" + sha256.hex();
    }
}
