package dev.cloudget.statistics;

import dev.cloudget.contracts.web.GatewayHeaders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** What the statistics ITs share: calls as the gateway forwards them, and test data no other test touches. */
@StatisticsIT
public abstract class StatisticsITSupport {

    public static final String GATEWAY_SECRET = "it-gateway-secret-0123456789";
    /** Reports one user may send per minute in the ITs: low, so the limit is reached quickly. */
    public static final int RATE_LIMIT = 5;

    /** The first of the past days handed out by {@link #aDayOfItsOwn()}. */
    private static final Instant FIRST_DAY = Instant.parse("2020-01-01T00:00:00Z");
    private static final AtomicInteger DAYS = new AtomicInteger();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected KafkaTemplate<String, Object> kafka;

    /** A user no other test has seen. */
    protected static String newUser(String name) {
        return name + "-" + UUID.randomUUID();
    }

    /**
     * The start of a past day no other test of this JVM puts events in, so that the farm's figures over that day are
     * this test's alone.
     */
    protected static Instant aDayOfItsOwn() {
        return FIRST_DAY.plus(Duration.ofDays(DAYS.getAndIncrement()));
    }

    protected HttpResponse<String> postReport(String user, Object body) throws IOException, InterruptedException {
        return send(asUser(user, "/api/v1/reports").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build());
    }

    protected HttpResponse<String> get(String user, String path, Map<String, ?> query)
            throws IOException, InterruptedException {
        return send(asUser(user, path + queryString(query)).GET().build());
    }

    /** The caller's summary, which must answer 200. */
    protected JsonNode summary(String user, Map<String, ?> query) throws IOException, InterruptedException {
        return ok(get(user, "/api/v1/stats/summary", query));
    }

    /** The farm's summary (the gateway lets only admins through to it), which must answer 200. */
    protected JsonNode farmSummary(Map<String, ?> query) throws IOException, InterruptedException {
        return ok(get("an-admin", "/api/v1/admin/stats/summary", query));
    }

    protected JsonNode ok(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    protected JsonNode json(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    /** A request as the gateway forwards it for {@code user}. */
    /** The ITs' operator: its token has the admin scope, which the gateway forwards. */
    protected static final String ADMIN = "an-admin";

    protected HttpRequest.Builder asUser(String user, String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header(GatewayHeaders.USER_ID, user)
                .header(GatewayHeaders.GATEWAY_SECRET, GATEWAY_SECRET);
        return user.equals(ADMIN) ? request.header(GatewayHeaders.SCOPES, "admin") : request;
    }

    protected HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String queryString(Map<String, ?> query) {
        if (query.isEmpty()) {
            return "";
        }
        return query.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(String.valueOf(entry.getValue()),
                        StandardCharsets.UTF_8))
                .collect(Collectors.joining("&", "?", ""));
    }
}
