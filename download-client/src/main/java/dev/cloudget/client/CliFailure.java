package dev.cloudget.client;

/** A failure the user should read as one line, {@code error: <message>}, ending the command with its exit code. */
public class CliFailure extends RuntimeException {

    private final int exitCode;
    private final boolean reported;

    public CliFailure(String message) {
        this(message, ExitCode.ERROR);
    }

    public CliFailure(String message, Throwable cause) {
        this(message, ExitCode.ERROR, cause);
    }

    public CliFailure(String message, int exitCode) {
        this(message, exitCode, null, false);
    }

    public CliFailure(String message, int exitCode, Throwable cause) {
        this(message, exitCode, cause, false);
    }

    private CliFailure(String message, int exitCode, Throwable cause, boolean reported) {
        super(message, cause);
        this.exitCode = exitCode;
        this.reported = reported;
    }

    /** A failure the user was already told about (a shutdown hook said what an interrupted get left): no more lines. */
    public static CliFailure alreadyReported(String message, int exitCode) {
        return new CliFailure(message, exitCode, null, true);
    }

    public boolean alreadyReported() {
        return reported;
    }

    /** One of {@link ExitCode}'s codes. */
    public int exitCode() {
        return exitCode;
    }
}
