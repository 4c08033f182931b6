package dev.cloudget.worker.digest;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.source.Ed2kHash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashes every ingested file gets, in one pass over its bytes: SHA-256 (its identity in storage) and the
 * eD2k hash (so an ed2k link for the same bytes is answered from storage).
 */
public final class ContentDigests {

    private final MessageDigest sha256;
    private final Ed2kDigest ed2k = new Ed2kDigest();
    private long size;

    public ContentDigests() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        ed2k.update(bytes, offset, length);
        size += length;
    }

    /** The hashes of everything passed; call once. */
    public Digested digest() {
        return new Digested(size, ContentHash.ofDigest(sha256.digest()), ed2k.digest());
    }

    /** A file's size and hashes. */
    public record Digested(long size, ContentHash sha256, Ed2kHash ed2k) {
    }
}
