package dev.cloudget.client;

/**
 * The exit codes a script can rely on. They are part of the client's interface: keep them stable, add new ones at
 * the end, and keep {@link #TABLE} (shown by {@code --help}) and the README in step.
 */
public final class ExitCode {

    public static final int OK = 0;
    /** Anything not listed below: a file we cannot write, a server answer we do not understand. */
    public static final int ERROR = 1;
    /** Wrong options or arguments (picocli's own code for a usage error), or an input the server refused as invalid. */
    public static final int USAGE = 2;
    /** The task (or file) does not exist, is another user's, or its entry address is gone. */
    public static final int NOT_FOUND = 3;
    /** The task ended FAILED, CANCELLED or EXPIRED (add --wait, watch, get). */
    public static final int TASK_FAILED = 4;
    /** No token (run login), or the gateway refused it (401/403). */
    public static final int UNAUTHORIZED = 5;
    /** A downloaded file does not have the task's SHA-256 or size; the partial file was deleted. */
    public static final int VERIFICATION_FAILED = 6;
    /** The gateway or a service behind it is unreachable or unavailable (connection refused, 502, 503, 504). */
    public static final int UNAVAILABLE = 7;
    /** get: the task is still QUEUED or DOWNLOADING, there is nothing to download yet. */
    public static final int NOT_READY = 8;
    /** Interrupted by Ctrl-C (SIGINT, 128 + 2); a get resumes where it stopped when run again. */
    public static final int INTERRUPTED = 130;

    public static final String TABLE = """
            Exit codes:
              0    ok
              1    error (anything not below)
              2    usage: wrong options or arguments, or input the server refused as invalid
              3    not found: no such task (or not yours), or its file is gone
              4    task failed: it ended FAILED, CANCELLED or EXPIRED (add --wait, watch, get)
              5    not logged in, or the token was refused (401/403)
              6    verification failed: wrong SHA-256 or size (the partial file is deleted)
              7    service unavailable: gateway unreachable, 502/503/504
              8    not ready: get on a task still QUEUED or DOWNLOADING
              130  interrupted (Ctrl-C); run get again to resume""";

    private ExitCode() {
    }
}
