package dev.cloudget.client.gateway;

import dev.cloudget.client.CliFailure;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;

/** cloudget's public API as seen through the gateway, authenticated with one bearer token. */
public final class GatewayApi {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

    private final HttpUrl base;
    private final String bearer;
    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            // a stalled transfer fails after a minute; a long but moving one never does
            .readTimeout(Duration.ofSeconds(60))
            .build();

    GatewayApi(HttpUrl base, String bearer) {
        this.base = base;
        this.bearer = bearer;
    }

    public TaskView submit(SubmitTask task) {
        Request request = authorized(tasks().build())
                .post(RequestBody.create(JSON.writeValueAsString(task), APPLICATION_JSON))
                .build();
        return task(json(request));
    }

    public JsonNode taskJson(String id) {
        return json(authorized(tasks().addPathSegment(id).build()).get().build());
    }

    public TaskView task(String id) {
        return task(taskJson(id));
    }

    public static TaskView task(JsonNode resource) {
        try {
            return JSON.treeToValue(resource, TaskView.class);
        } catch (JacksonException e) {
            throw new CliFailure("the task resource is not what this client understands: " + e.getOriginalMessage(), e);
        }
    }

    /** An entry address may be absolute or relative to the gateway. */
    public HttpUrl resolve(String urlOrPath) {
        HttpUrl url = base.resolve(urlOrPath);
        if (url == null) {
            throw new CliFailure("not a usable URL: " + urlOrPath);
        }
        return url;
    }

    /** A GET carrying the bearer token only when it goes to the gateway itself: never hand the token to another host. */
    public Request.Builder authorized(HttpUrl url) {
        Request.Builder request = new Request.Builder().url(url);
        if (url.scheme().equals(base.scheme()) && url.host().equals(base.host()) && url.port() == base.port()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return request;
    }

    public OkHttpClient http() {
        return http;
    }

    public static String pretty(JsonNode json) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
    }

    private HttpUrl.Builder tasks() {
        return base.newBuilder().addPathSegments("api/v1/tasks");
    }

    private JsonNode json(Request request) {
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw HttpFailures.of(response);
            }
            return JSON.readTree(response.body().string());
        } catch (IOException e) {
            throw new CliFailure("cannot reach the gateway at " + base + ": " + e.getMessage(), e);
        } catch (JacksonException e) {
            throw new CliFailure("the gateway answered " + request.url() + " with unexpected JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
