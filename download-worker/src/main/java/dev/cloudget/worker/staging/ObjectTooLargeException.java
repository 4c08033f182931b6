package dev.cloudget.worker.staging;

import java.io.IOException;

/** A body too large for one object in storage; the message says which limit, for the job's failure detail. */
public class ObjectTooLargeException extends IOException {

    public ObjectTooLargeException(String message) {
        super(message);
    }
}
