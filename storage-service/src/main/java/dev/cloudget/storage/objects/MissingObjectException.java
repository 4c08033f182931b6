package dev.cloudget.storage.objects;

/** The object store answered, but has no object under the key: the bytes are gone, not unreachable. */
public class MissingObjectException extends ObjectStoreException {

    public MissingObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
