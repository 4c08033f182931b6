package dev.cloudget.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** With Redis unreachable the rate limits are off, not the gateway: submits pass, health stays up. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.gateway.secret=" + GatewayIT.GATEWAY_SECRET,
        "cloudget.jwt.secret=" + GatewayIT.JWT_SECRET,
        // a single token, so a second submit would be refused if anything counted
        "cloudget.rate-limits.submits.replenish-rate=1",
        "cloudget.rate-limits.submits.burst-capacity=1"})
class RedisDownIT {

    private static final StandInService TASK_MANAGEMENT = StandInService.start();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("TASK_MANAGEMENT_URL", TASK_MANAGEMENT::url);
        registry.add("REDIS_URL", () -> "redis://127.0.0.1:" + closedPort());
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopService() {
        TASK_MANAGEMENT.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void letsSubmitsThroughWhileRedisCannotCountThem() throws Exception {
        String token = TestTokens.valid("alice").sign();
        for (int submit = 0; submit < 3; submit++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/tasks"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(TASK_MANAGEMENT.paths).hasSize(3);
    }

    @Test
    void staysHealthy() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
