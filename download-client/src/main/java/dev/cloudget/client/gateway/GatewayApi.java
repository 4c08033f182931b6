package dev.cloudget.client.gateway;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import okhttp3.ConnectionPool;
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
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** cloudget's public API as seen through the gateway, authenticated with one bearer token. */
public final class GatewayApi {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    private static final MediaType BITTORRENT = MediaType.get("application/x-bittorrent");
    /** A submit that met a dropped connection or a 502/503/504 is sent again (same Idempotency-Key) this often. */
    private static final int SUBMIT_ATTEMPTS = 3;

    private final HttpUrl base;
    private final String bearer;
    private final OkHttpClient http;

    GatewayApi(HttpUrl base, String bearer, Proxy proxy) {
        this.base = base;
        this.bearer = bearer;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                // a stalled transfer fails after a minute; a long but moving one never does
                .readTimeout(Duration.ofSeconds(60))
                // a segmented download keeps up to 16 connections to one host alive between its ranges
                .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
                .proxy(proxy)
                .build();
    }

    public HttpUrl base() {
        return base;
    }

    /** {@code POST /api/v1/tasks} with a JSON body; a retry carries the same key, so it is still one task. */
    public JsonNode submit(SubmitTask task, String idempotencyKey) {
        RequestBody body = RequestBody.create(JSON.writeValueAsString(task), APPLICATION_JSON);
        return retried(authorized(tasks().build()).header(IDEMPOTENCY_KEY, idempotencyKey).post(body).build());
    }

    /** {@code POST /api/v1/tasks} with a Metalink document as the body; who to tell and for how long in the query. */
    public JsonNode submitMetalink(byte[] document, String mediaType, SubmitTask.Options options, String idempotencyKey) {
        HttpUrl.Builder url = tasks();
        if (options.email() != null) {
            url.addQueryParameter("notify", options.email());
        }
        if (options.phone() != null) {
            url.addQueryParameter("phone", options.phone());
        }
        if (options.callbackUrl() != null) {
            url.addQueryParameter("callbackUrl", options.callbackUrl());
        }
        if (options.validDays() != null) {
            url.addQueryParameter("validDays", options.validDays().toString());
        }
        RequestBody body = RequestBody.create(document, MediaType.get(mediaType));
        return retried(authorized(url.build()).header(IDEMPOTENCY_KEY, idempotencyKey).post(body).build());
    }

    /** {@code POST /api/v1/torrents}: the seed database parses it (201, or 200 with the same seed on a repeat). */
    public JsonNode uploadTorrent(byte[] metainfo) {
        return retried(authorized(api("torrents").build()).post(RequestBody.create(metainfo, BITTORRENT)).build());
    }

    public JsonNode taskJson(String id) {
        return json(authorized(tasks().addPathSegment(id).build()).get().build());
    }

    public TaskView task(String id) {
        return task(taskJson(id));
    }

    /** One page of the caller's tasks, newest first: {@code {items, page, size, totalItems}}. */
    public JsonNode tasks(String status, int page, int size) {
        HttpUrl.Builder url = tasks().addQueryParameter("page", Integer.toString(page))
                .addQueryParameter("size", Integer.toString(size));
        if (status != null) {
            url.addQueryParameter("status", status);
        }
        return json(authorized(url.build()).get().build());
    }

    /** {@code DELETE /api/v1/tasks/{id}}: cancel the task, or unsubscribe from a job others still wait for. */
    public void delete(String id) {
        Request request = authorized(tasks().addPathSegment(id).build()).delete().build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw HttpFailures.of(response);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** {@code GET /api/v1/tasks/{id}/events} as an open stream; the caller reads and closes it. */
    public Response openEvents(String id, String lastEventId, OkHttpClient streaming) throws IOException {
        Request.Builder request = authorized(tasks().addPathSegment(id).addPathSegment("events").build())
                .header("Accept", "text/event-stream").get();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        Response response = streaming.newCall(request.build()).execute();
        if (!response.isSuccessful()) {
            try (response) {
                throw HttpFailures.of(response);
            }
        }
        return response;
    }

    /** A client for long streams: no read timeout shorter than three of the server's 15 s keep-alives. */
    public OkHttpClient streaming() {
        return http.newBuilder().readTimeout(Duration.ofSeconds(45)).build();
    }

    /** {@code POST /api/v1/reports}: one download's statistics. Quick to give up: a report never holds a user up. */
    public void report(Object report) throws IOException {
        OkHttpClient quick = http.newBuilder().callTimeout(Duration.ofSeconds(5)).build();
        Request request = authorized(api("reports").build())
                .post(RequestBody.create(JSON.writeValueAsString(report), APPLICATION_JSON)).build();
        try (Response response = quick.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw HttpFailures.of(response);
            }
        }
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

    /** A request carrying the bearer token only when it goes to the gateway itself: never hand the token to another host. */
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

    public static String pretty(Object value) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    public CliFailure unreachable(IOException e) {
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return new CliFailure("interrupted", ExitCode.INTERRUPTED, e);
        }
        return new CliFailure("cannot reach the gateway at " + base + ": " + e.getMessage(), ExitCode.UNAVAILABLE, e);
    }

    private HttpUrl.Builder tasks() {
        return api("tasks");
    }

    private HttpUrl.Builder api(String resource) {
        return base.newBuilder().addPathSegments("api/v1").addPathSegment(resource);
    }

    private JsonNode retried(Request request) {
        for (int attempt = 1; ; attempt++) {
            try (Response response = http.newCall(request).execute()) {
                if (response.isSuccessful()) {
                    return JSON.readTree(response.body().string());
                }
                if (attempt == SUBMIT_ATTEMPTS || !HttpFailures.isTransient(response.code())) {
                    throw HttpFailures.of(response);
                }
            } catch (IOException e) {
                if (attempt == SUBMIT_ATTEMPTS) {
                    throw unreachable(e);
                }
            } catch (JacksonException e) {
                throw unexpected(request, e);
            }
            pause(attempt);
        }
    }

    private static void pause(int attempt) {
        try {
            // back off before asking again: 1 s, 2 s
            TimeUnit.SECONDS.sleep(attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", ExitCode.INTERRUPTED, e);
        }
    }

    private JsonNode json(Request request) {
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw HttpFailures.of(response);
            }
            return JSON.readTree(response.body().string());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (JacksonException e) {
            throw unexpected(request, e);
        }
    }

    private static CliFailure unexpected(Request request, JacksonException e) {
        return new CliFailure("the gateway answered " + request.url().redact() + " with unexpected JSON: "
                + e.getOriginalMessage(), e);
    }
}
