package dev.cloudget.client.gateway;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;

/** Turns an unsuccessful HTTP answer into one line for the user (RFC 9457 problem details first) and an exit code. */
public final class HttpFailures {

    private HttpFailures() {
    }

    /** {@code <title>: <detail>} for problem+json, else the status line and URL; the exit code from the status. */
    public static CliFailure of(Response response) {
        int exitCode = exitCodeOf(response.code());
        ResponseBody body = response.body();
        MediaType type = body == null ? null : body.contentType();
        if (type != null && type.subtype().endsWith("json")) {
            try {
                JsonNode problem = GatewayApi.JSON.readTree(body.string());
                if (problem.has("title") || problem.has("detail")) {
                    return new CliFailure(problem.path("title").asString("HTTP " + response.code()) + ": "
                            + problem.path("detail").asString("(no detail)"), exitCode);
                }
            } catch (IOException | JacksonException unreadable) {
                // fall through to the plain description: the status still says what happened
            }
        }
        return new CliFailure("HTTP " + response.code() + " " + response.message() + " from "
                + response.request().method() + " " + response.request().url().redact(), exitCode);
    }

    static int exitCodeOf(int status) {
        return switch (status) {
            case 401, 403 -> ExitCode.UNAUTHORIZED;
            case 404, 410 -> ExitCode.NOT_FOUND;
            case 400, 413, 415, 422 -> ExitCode.USAGE;
            case 502, 503, 504 -> ExitCode.UNAVAILABLE;
            default -> ExitCode.ERROR;
        };
    }

    /** Worth asking again (with the same Idempotency-Key): the server or a proxy said it could not answer now. */
    public static boolean isTransient(int status) {
        return exitCodeOf(status) == ExitCode.UNAVAILABLE;
    }
}
