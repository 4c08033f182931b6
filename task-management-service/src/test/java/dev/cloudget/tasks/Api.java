package dev.cloudget.tasks;

import dev.cloudget.contracts.web.GatewayHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Calls the service the way the gateway does: with the user header and the gateway's shared secret. */
final class Api {

    static final String GATEWAY_SECRET = dev.cloudget.testsupport.TestSecrets.GATEWAY_SECRET;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json;
    private final String baseUrl;

    Api(String baseUrl, JsonMapper json) {
        this.baseUrl = baseUrl;
        this.json = json;
    }

    Reply submit(String user, String body) {
        return submit(user, body, null);
    }

    Reply submit(String user, String body, String idempotencyKey) {
        HttpRequest.Builder request = as(user, "/api/v1/tasks")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    /** Submits an uploaded Metalink document. */
    Reply submitMetalink(String user, String document) {
        return send(as(user, "/api/v1/tasks")
                .header("Content-Type", "application/metalink4+xml")
                .POST(HttpRequest.BodyPublishers.ofString(document)));
    }

    /**
     * Reads {@code path} as Server-Sent Events until the server ends the stream: each event as its fields
     * ({@code id}, {@code event}, {@code data}), comments left out.
     */
    List<Map<String, String>> events(String user, String path, String lastEventId) {
        return events(user, path, lastEventId, event -> { });
    }

    /** As {@link #events(String, String, String)}, telling {@code each} of every event as it arrives. */
    List<Map<String, String>> events(String user, String path, String lastEventId,
            java.util.function.Consumer<Map<String, String>> each) {
        HttpRequest.Builder request = as(user, path).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("events answered " + response.statusCode());
            }
            List<Map<String, String>> events = new java.util.ArrayList<>();
            Map<String, String> event = new java.util.HashMap<>();
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.isEmpty()) {
                    if (!event.isEmpty()) {
                        events.add(event);
                        each.accept(event);
                        event = new java.util.HashMap<>();
                    }
                } else if (!line.startsWith(":")) {
                    int colon = line.indexOf(':');
                    event.merge(line.substring(0, colon), line.substring(colon + 1).strip(), (a, b) -> a + "\n" + b);
                }
            }
            return events;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String user, String path) {
        return send(as(user, path).GET());
    }

    Reply put(String user, String path, Object body) {
        return send(as(user, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    Reply patch(String user, String path, Object body) {
        return send(as(user, path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    Reply delete(String user, String path) {
        return send(as(user, path).DELETE());
    }

    Reply anonymous(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** A submit body for {@code link}, with optional {@code notify.email}. */
    String body(String link, String email) {
        return email == null
                ? json.writeValueAsString(Map.of("source", link))
                : json.writeValueAsString(Map.of("source", link, "notify", Map.of("email", email)));
    }

    private HttpRequest.Builder as(String user, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header(GatewayHeaders.USER_ID, user)
                .header(GatewayHeaders.GATEWAY_SECRET, GATEWAY_SECRET);
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : json.readTree(response.body());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type"),
                    response.headers().firstValue("Location"), body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, Optional<String> contentType, Optional<String> location, JsonNode body) {

        String text(String field) {
            return body.get(field).asString();
        }
    }
}
