package dev.cloudget.seeds;

import dev.cloudget.contracts.web.GatewayHeaders;
import dev.cloudget.testsupport.TestSecrets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/** Calls the service as the gateway does ({@code /api/**}, with the user and the shared secret) or as a peer service. */
final class Http {

    static final String GATEWAY_SECRET = TestSecrets.GATEWAY_SECRET;
    static final String BITTORRENT = "application/x-bittorrent";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;
    private final JsonMapper json;

    Http(int port, JsonMapper json) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.json = json;
    }

    Reply upload(byte[] torrent) {
        return send(request("/api/v1/torrents").header("Content-Type", BITTORRENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(torrent)));
    }

    /** An upload without Content-Length (chunked), which only a bounded read can stop. */
    Reply uploadChunked(byte[] torrent) {
        return send(request("/api/v1/torrents").header("Content-Type", BITTORRENT)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(torrent))));
    }

    Reply uploadForm(String part, byte[] torrent) {
        String boundary = "----seeds" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part
                + "\"; filename=\"x.torrent\"\r\nContent-Type: " + BITTORRENT + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(torrent);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/api/v1/torrents").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    Reply magnet(String link) {
        return postJson("/api/v1/torrents/magnet", json.writeValueAsString(java.util.Map.of("magnet", link)));
    }

    Reply postJson(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply put(String path, byte[] body) {
        return send(request(path).header("Content-Type", BITTORRENT).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (path.startsWith("/internal/")) {
            // what the worker asks and delivers there; task-management's calls are allowed as well
            return request.header(TestSecrets.SERVICE_TOKEN_HEADER,
                    TestSecrets.tokenFrom("download-worker", "seed-parser-service"));
        }
        return path.startsWith("/api/") ? request.header(GatewayHeaders.USER_ID, "ada")
                .header(GatewayHeaders.GATEWAY_SECRET, GATEWAY_SECRET) : request;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Optional<String> type = response.headers().firstValue("Content-Type");
            JsonNode body = type.filter(value -> value.contains("json")).isPresent() && response.body().length > 0
                    ? json.readTree(response.body()) : null;
            return new Reply(response.statusCode(), type, response.headers().firstValue("Location"), body,
                    response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, Optional<String> contentType, Optional<String> location, JsonNode json, byte[] bytes) {

        String text(String field) {
            JsonNode node = json.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        @Override
        public String toString() {
            return status + " " + contentType.orElse("") + " " + (json != null ? json : bytes.length + " bytes");
        }
    }
}
