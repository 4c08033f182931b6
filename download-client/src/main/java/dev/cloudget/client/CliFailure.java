package dev.cloudget.client;

/** A failure the user should read as one line, {@code error: <message>}, with exit code 1. */
public class CliFailure extends RuntimeException {

    public CliFailure(String message) {
        super(message);
    }

    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
