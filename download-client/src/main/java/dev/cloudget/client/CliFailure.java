package dev.cloudget.client;

/** A failure the user should read as one line, {@code error: <message>}, ending the command with its exit code. */
public class CliFailure extends RuntimeException {

    private final int exitCode;

    public CliFailure(String message) {
        this(message, ExitCode.ERROR);
    }

    public CliFailure(String message, Throwable cause) {
        this(message, ExitCode.ERROR, cause);
    }

    public CliFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** One of {@link ExitCode}'s codes. */
    public int exitCode() {
        return exitCode;
    }
}
