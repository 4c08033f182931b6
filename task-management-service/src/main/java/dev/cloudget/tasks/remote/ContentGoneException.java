package dev.cloudget.tasks.remote;

import dev.cloudget.contracts.ContentHash;

/** Storage-service no longer holds the content: whoever indexed it must forget it and fetch again. */
public class ContentGoneException extends RuntimeException {

    private final ContentHash sha256;

    public ContentGoneException(ContentHash sha256) {
        super("content " + sha256 + " is no longer stored");
        this.sha256 = sha256;
    }

    public ContentHash sha256() {
        return sha256;
    }
}
