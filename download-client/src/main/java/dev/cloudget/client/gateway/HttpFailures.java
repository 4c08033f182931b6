package dev.cloudget.client.gateway;

import dev.cloudget.client.CliFailure;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;

/** Turns an unsuccessful HTTP answer into one line for the user, RFC 9457 problem details first. */
public final class HttpFailures {

    private HttpFailures() {
    }

    /** {@code <title>: <detail> (<type>)} for problem+json, else the status line and URL. */
    public static CliFailure of(Response response) {
        ResponseBody body = response.body();
        MediaType type = body == null ? null : body.contentType();
        if (type != null && type.subtype().equals("problem+json")) {
            try {
                JsonNode problem = GatewayApi.JSON.readTree(body.string());
                return new CliFailure(problem.path("title").asString("HTTP " + response.code()) + ": "
                        + problem.path("detail").asString("(no detail)") + " ("
                        + problem.path("type").asString("about:blank") + ")");
            } catch (IOException | JacksonException unreadable) {
                // fall through to the plain description: the status still says what happened
            }
        }
        return new CliFailure("HTTP " + response.code() + " " + response.message() + " from "
                + response.request().method() + " " + response.request().url());
    }
}
