package dev.cloudget.seeds;

import dev.cloudget.infra.Databases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The service boots on its own port against a real PostgreSQL database it migrated itself. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SeedParserServiceIT {

    // computed once: the property supplier may be asked more than once, and each ensure(…, true) drops the database
    private static final String DATABASE = Databases.ensure("cloudget_it_seeds", true);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void reportsReadyWithItsDatabaseMigrated() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json(readiness).path("status").asString()).isEqualTo("UP");
        assertThat(jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .query(String.class).list())
                .contains("torrents", "torrent_files", "flyway_schema_history");
        assertThat(jdbc.sql("SELECT version FROM flyway_schema_history WHERE success").query(String.class).list())
                .containsExactly("1");
    }

    @Test
    void rejectsApiRequestsThatBypassTheGateway() throws Exception {
        HttpResponse<String> response = get("/api/v1/torrents/0123456789abcdef0123456789abcdef01234567");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asString()).isEqualTo("https://cloudget.dev/problems/unauthenticated");
    }

    @Test
    void publishesItsOpenApiDocument() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("openapi").asString()).startsWith("3.");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }
}
