package dev.cloudget.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway as a deployment runs it (README: Deploy): JSON log lines ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}),
 * an incoming {@code traceparent} continued, its trace id on the request's access line and passed on to the routed
 * service; the actuator on a management port of its own ({@code MANAGEMENT_SERVER_PORT}), where Prometheus scrapes
 * without a token, while the public port keeps its probes and serves metrics to admins only.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "logging.structured.format.console=ecs",
        "cloudget.gateway.secret=" + GatewayIT.GATEWAY_SECRET,
        "cloudget.jwt.secret=" + GatewayIT.JWT_SECRET})
class StructuredLogsIT {

    private static final StandInService BACKEND = StandInService.start();
    /** A fixed number, as in a deployment: the security rules tell the ports apart by number. */
    private static final int MANAGEMENT_PORT = freePort();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        for (String service : List.of("TASK_MANAGEMENT_URL", "TASK_DISTRIBUTION_URL", "STORAGE_URL",
                "PROTOCOL_CONVERSION_URL", "SEED_PARSER_URL", "STATISTICS_URL")) {
            registry.add(service, BACKEND::url);
        }
        registry.add("management.server.port", () -> MANAGEMENT_PORT);
        registry.add("management.server.address", () -> "127.0.0.1");
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void logsEachRequestAsOneJsonLineWithTheTraceItContinuedAndPassesThatTraceOn(CapturedOutput output)
            throws Exception {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";

        HttpResponse<String> routed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/tasks/some-task"))
                .header("Authorization", "Bearer " + TestTokens.valid("alice").sign())
                .header("traceparent", traceparent)
                .timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(routed.statusCode()).isEqualTo(200);
        // the service behind got the same trace, under a span of the gateway's
        assertThat(routed.body().lines().filter(line -> line.startsWith("traceparent: ")))
                .singleElement()
                .satisfies(header -> assertThat(header).startsWith("traceparent: 00-" + traceId + "-")
                        .isNotEqualTo("traceparent: " + traceparent));

        JsonNode access = await().atMost(Duration.ofSeconds(10))
                .until(() -> accessLine(output, "/api/v1/tasks/some-task"), Optional::isPresent)
                .orElseThrow();
        assertThat(field(access, "log.level")).isEqualTo("INFO");
        assertThat(field(access, "message")).startsWith("GET /api/v1/tasks/some-task 200 ");
        assertThat(field(access, "traceId")).isEqualTo(traceId);
        // every line the gateway wrote is one JSON object: a log shipper needs no multi-line parsing
        assertThat(output.getOut().lines().filter(line -> line.startsWith("{")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(json.readTree(line).isObject()).isTrue());
    }

    @Test
    void servesPrometheusOnItsManagementPortWithoutATokenAndOnThePublicPortToAdminsOnly() throws Exception {
        HttpResponse<String> scraped = get(MANAGEMENT_PORT, "/actuator/prometheus", null);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("# TYPE jvm_memory_used_bytes gauge");
        assertThat(get(MANAGEMENT_PORT, "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get(MANAGEMENT_PORT, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);

        assertThat(get(port, "/actuator/prometheus", null).statusCode()).isIn(401, 404);
        assertThat(get(port, "/actuator/prometheus", TestTokens.valid("alice").sign()).statusCode()).isIn(403, 404);
        assertThat(get(port, "/livez", null).statusCode()).isEqualTo(200);
        assertThat(get(port, "/readyz", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(int onPort, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Optional<JsonNode> accessLine(CapturedOutput output, String path) {
        return output.getOut().lines()
                .filter(line -> line.startsWith("{") && line.contains(path))
                .map(json::readTree)
                .filter(line -> "dev.cloudget.gateway.access".equals(field(line, "log.logger")))
                .findFirst();
    }

    /** A field of an ECS line, dotted ({@code log.level}) or nested ({@code {"log":{"level":…}}}) as Boot writes it. */
    private static String field(JsonNode line, String name) {
        JsonNode flat = line.path(name);
        if (!flat.isMissingNode()) {
            return flat.asString();
        }
        JsonNode nested = line;
        for (String part : name.split("\\.")) {
            nested = nested.path(part);
        }
        return nested.isMissingNode() ? null : nested.asString();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never all zero: an invalid trace id
        return bytes;
    }
}
