package dev.cloudget.system;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** A client of the public API, as one user: talks only to the gateway, with that user's bearer token. */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI gateway;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(URI gateway, String user) {
        this(gateway, user, CloudgetSystem.tokenFor(user));
    }

    private Api(URI gateway, String user, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    /** A client of an operator, whose token carries the {@code admin} scope. */
    static Api operator(URI gateway, String user) {
        return new Api(gateway, user, CloudgetSystem.tokenFor(user, "admin"));
    }

    record Reply(int status, Map<String, java.util.List<String>> headers, JsonNode body) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst().orElse(null);
        }
    }

    Reply submit(String json) {
        return submit(json, null);
    }

    Reply submit(String json, String idempotencyKey) {
        HttpRequest.Builder request = request("/api/v1/tasks")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    Reply submitUrl(URI url, String email) {
        return submit("""
                {"source": "%s", "notify": {"email": "%s"}, "validDays": 7}""".formatted(url, email));
    }

    /** Submits a task whose body is {@code fields} as JSON (so magnet and ed2k links are escaped properly). */
    Reply submit(Map<String, ?> fields) {
        return submit(JSON.writeValueAsString(fields));
    }

    /** Submits an uploaded Metalink document, notifying {@code email}. */
    Reply submitMetalink(byte[] document, String email) {
        return send(request("/api/v1/tasks?notify=" + email + "&validDays=7")
                .header("Content-Type", "application/metalink4+xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(document))
                .build());
    }

    /** Uploads a {@code .torrent} file to the seed database: 201 with the seed, 200 with the same seed on a repeat. */
    Reply uploadTorrent(byte[] metainfo) {
        return send(request("/api/v1/torrents")
                .header("Content-Type", "application/x-bittorrent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(metainfo))
                .build());
    }

    /** Asks the seed database to resolve a magnet link: 202 with the seed (RESOLVING, READY or FAILED). */
    Reply resolveMagnet(String magnet) {
        return send(request("/api/v1/torrents/magnet")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("magnet", magnet))))
                .build());
    }

    Reply seed(String seedId) {
        return send(request("/api/v1/torrents/" + seedId).GET().build());
    }

    /** Classifies a link without submitting it: {@code {kind, source, sourceKey}}. */
    Reply classify(String link) {
        return send(request("/api/v1/links")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("link", link))))
                .build());
    }

    Reply task(String id) {
        return send(request("/api/v1/tasks/" + id).GET().build());
    }

    Reply tasks(String query) {
        return send(request("/api/v1/tasks" + query).GET().build());
    }

    /** A POST without a body (an operator's drain, say). */
    Reply post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    Reply delete(String path) {
        return send(request(path).DELETE().build());
    }

    Reply get(String path) {
        return send(request(path).GET().build());
    }

    /** Waits until the task reaches a terminal state, and returns it. */
    JsonNode awaitTerminal(String id, Duration atMost) {
        JsonNode[] last = new JsonNode[1];
        await("task " + id + " finished").atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = task(id).body();
            String status = last[0].path("status").asString();
            return status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED");
        });
        return last[0];
    }

    /**
     * A task answered from stored content: the submit {@code answer} itself when it is COMPLETED already, else the
     * task as soon as it is COMPLETED, which must be within a second.
     */
    JsonNode completedAtOnce(JsonNode answer) {
        if (answer.path("status").asString().equals("COMPLETED")) {
            return answer;
        }
        String id = answer.path("id").asString();
        JsonNode[] last = {answer};
        await("task " + id + " answered from stored content").atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> (last[0] = task(id).body()).path("status").asString().equals("COMPLETED"));
        return last[0];
    }

    HttpResponse<InputStream> download(String entryUrl, Map<String, String> headers, String method) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(entryUrl))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sha256Of(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The data of each Server-Sent Event of {@code path}, read until the server ends the stream. */
    List<JsonNode> events(String path) {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET().build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request,
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return response.body().filter(line -> line.startsWith("data:"))
                    .map(line -> JSON.readTree(line.substring("data:".length()).strip())).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json");
    }

    Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body() == null || response.body().isBlank()
                    ? JSON.missingNode() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), response.headers().map(), body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
