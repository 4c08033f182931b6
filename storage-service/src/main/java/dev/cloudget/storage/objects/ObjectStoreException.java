package dev.cloudget.storage.objects;

/** The object store failed or was unreachable; callers see it as a 500 and retry later. */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
