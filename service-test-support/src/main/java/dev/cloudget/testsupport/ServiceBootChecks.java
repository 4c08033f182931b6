package dev.cloudget.testsupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service with its own database must show once booted on a real port against a real PostgreSQL
 * database: it is ready with its schema migrated, refuses {@code /api/**} calls that did not come through the
 * gateway, and publishes its OpenAPI document. The subclass is the {@code @SpringBootTest(webEnvironment =
 * RANDOM_PORT)} of the service and points {@code spring.datasource.url} at its database.
 */
public abstract class ServiceBootChecks {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcClient jdbc;

    /** Tables the service's migrations create (besides Flyway's own history). */
    protected abstract List<String> expectedTables();

    /** Versions of the migrations that must have been applied successfully, in order. */
    protected abstract List<String> expectedMigrations();

    /** A path under {@code /api} that only the gateway may call. */
    protected abstract String apiPath();

    @Test
    public void reportsReadyWithItsDatabaseMigrated() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness).path("status").asString()).isEqualTo("UP");
        assertThat(jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .query(String.class).list())
                .contains("flyway_schema_history")
                .containsAll(expectedTables());
        assertThat(jdbc.sql("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                .query(String.class).list())
                .containsExactlyElementsOf(expectedMigrations());
    }

    @Test
    public void servesItsMetricsToPrometheus() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    public void rejectsApiRequestsThatBypassTheGateway() throws Exception {
        assertThat(apiPath()).startsWith("/api/");

        HttpResponse<String> response = get(apiPath());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asString()).isEqualTo("https://cloudget.dev/problems/unauthenticated");
    }

    @Test
    public void publishesItsOpenApiDocument() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("openapi").asString()).startsWith("3.");
    }

    /** GET on the service's own port, as a client that bypasses the gateway would. */
    protected final HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }
}
