package dev.cloudget.gateway;

import com.sun.net.httpserver.HttpServer;
import dev.cloudget.contracts.web.Problems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway in front of a stand-in task-management that echoes the headers it received. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.gateway.secret=" + GatewayIT.GATEWAY_SECRET,
        "cloudget.jwt.secret=" + GatewayIT.JWT_SECRET})
class GatewayIT {

    static final String GATEWAY_SECRET = "it-gateway-secret-0123456789";
    static final String JWT_SECRET = "it-jwt-secret-0123456789-0123456789-abc";

    /** Stand-in for task-management: answers 200 with every header it got, one "name: value" per line. */
    private static final HttpServer BACKEND;
    private static final List<String> BACKEND_PATHS = new CopyOnWriteArrayList<>();

    static {
        try {
            BACKEND = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BACKEND.createContext("/", exchange -> {
            BACKEND_PATHS.add(exchange.getRequestURI().getRawPath());
            String echo = exchange.getRequestHeaders().entrySet().stream()
                    .flatMap(header -> header.getValue().stream()
                            .map(value -> header.getKey().toLowerCase(Locale.ROOT) + ": " + value))
                    .collect(Collectors.joining("\n"));
            byte[] body = echo.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        BACKEND.start();
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("TASK_MANAGEMENT_URL", () -> "http://127.0.0.1:" + BACKEND.getAddress().getPort());
        registry.add("TASK_DISTRIBUTION_URL", () -> "http://127.0.0.1:" + BACKEND.getAddress().getPort());
        registry.add("STORAGE_URL", () -> "http://127.0.0.1:" + BACKEND.getAddress().getPort());
        // a service that is down: nothing listens there
        registry.add("STATISTICS_URL", () -> "http://127.0.0.1:" + CLOSED_PORT);
    }

    private static final int CLOSED_PORT = closedPort();

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop(0);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void forgetEarlierRequests() {
        BACKEND_PATHS.clear();
    }

    @Test
    void routesCapabilityUrlsWithoutATokenAndWithoutAUser() throws Exception {
        HttpResponse<String> response = send("/d/0b6f0c9e-2f7e-4d43-9a55-0d3c3b8f1a77/file.iso?expires=1&signature=x",
                request -> request.header("X-Cloudget-User", "mallory"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(BACKEND_PATHS).containsExactly("/d/0b6f0c9e-2f7e-4d43-9a55-0d3c3b8f1a77/file.iso");
        assertThat(response.body()).contains("x-cloudget-gateway-secret: " + GATEWAY_SECRET)
                .doesNotContain("x-cloudget-user");

        BACKEND_PATHS.clear();
        HttpResponse<String> zip = send("/z/0b6f0c9e-2f7e-4d43-9a55-0d3c3b8f1a77/album.zip?expires=1&signature=x",
                request -> request.header("X-Cloudget-User", "mallory"));
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(BACKEND_PATHS).containsExactly("/z/0b6f0c9e-2f7e-4d43-9a55-0d3c3b8f1a77/album.zip");
        assertThat(zip.body()).doesNotContain("x-cloudget-user");
    }

    @Test
    void answersAServiceThatIsDownWithProblemJsonAndRetryAfter() throws Exception {
        HttpResponse<String> response = send("/api/v1/stats/summary",
                bearer(token("alice", Instant.now().plusSeconds(300), JWT_SECRET)));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("\"type\":\"https://cloudget.dev/problems/upstream-unavailable\"")
                .doesNotContain("timestamp", "127.0.0.1", "Connection refused", String.valueOf(CLOSED_PORT));
    }

    @Test
    void refusesARequestWithoutATokenAsProblemJson() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks", request -> { });

        assertUnauthenticated(response);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(BACKEND_PATHS).isEmpty();
    }

    @Test
    void refusesATokenSignedWithAnotherSecret() throws Exception {
        String forged = token("alice", Instant.now().plusSeconds(300), "another-secret-0123456789-0123456789-xyz");

        HttpResponse<String> response = send("/api/v1/tasks", bearer(forged));

        assertUnauthenticated(response);
        assertThat(BACKEND_PATHS).isEmpty();
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks",
                bearer(token("alice", Instant.now().minusSeconds(600), JWT_SECRET)));

        assertUnauthenticated(response);
    }

    @Test
    void refusesATokenWithoutAnExpiry() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks", bearer(token("alice", null, JWT_SECRET)));

        assertUnauthenticated(response);
    }

    @Test
    void forwardsTheTokenSubjectAndTheGatewaySecret() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks/42?x=1",
                bearer(token("alice", Instant.now().plusSeconds(300), JWT_SECRET)));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, List<String>> seen = echoedHeaders(response);
        assertThat(seen.get("x-cloudget-user")).containsExactly("alice");
        assertThat(seen.get("x-cloudget-gateway-secret")).containsExactly(GATEWAY_SECRET);
        assertThat(BACKEND_PATHS).containsExactly("/api/v1/tasks/42");
    }

    @Test
    void replacesAnIdentityTheClientClaimsForItself() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks",
                bearer(token("alice", Instant.now().plusSeconds(300), JWT_SECRET))
                        .andThen(request -> request
                                .header("X-Cloudget-User", "mallory")
                                .header("X-Cloudget-Gateway-Secret", "a-guess")
                                .header("X-Cloudget-Role", "admin")));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, List<String>> seen = echoedHeaders(response);
        assertThat(seen.get("x-cloudget-user")).containsExactly("alice");
        assertThat(seen.get("x-cloudget-gateway-secret")).containsExactly(GATEWAY_SECRET);
        assertThat(seen).doesNotContainKey("x-cloudget-role");
    }

    @Test
    void neverRoutesInternalEndpoints() throws Exception {
        String valid = token("alice", Instant.now().plusSeconds(300), JWT_SECRET);

        assertThat(send("/internal/x", request -> { }).statusCode()).isEqualTo(404);
        assertThat(send("/internal/files", bearer(valid)).statusCode()).isEqualTo(404);
        assertThat(BACKEND_PATHS).isEmpty();
    }

    @Test
    void doesNotLetDotSegmentsWalkFromARouteToAnInternalEndpoint() throws Exception {
        String valid = token("alice", Instant.now().plusSeconds(300), JWT_SECRET);

        HttpResponse<String> response = send("/api/v1/tasks/../../internal/files", bearer(valid));

        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(BACKEND_PATHS).noneMatch(path -> path.contains(".."));
    }

    @Test
    void answersHealthChecksWithoutAToken() throws Exception {
        assertThat(send("/actuator/health", request -> { }).statusCode()).isEqualTo(200);
    }

    @Test
    void showsItsMetricsToOperatorsOnly() throws Exception {
        Instant later = Instant.now().plusSeconds(300);

        HttpResponse<String> user = send("/actuator/metrics", bearer(token("alice", later, JWT_SECRET)));
        HttpResponse<String> operator = send("/actuator/metrics", bearer(token("root", later, JWT_SECRET, "admin")));
        HttpResponse<String> anonymous = send("/actuator/metrics", request -> { });

        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void hasNoDevTokenEndpointOutsideTheLocalProfile() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/dev/token?user=alice"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private void assertUnauthenticated(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"" + Problems.UNAUTHENTICATED + "\"")
                .contains("\"status\":401");
    }

    private static String token(String subject, Instant expiresAt, String secret) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder().subject(subject).issuedAt(Instant.now().minusSeconds(900));
        if (expiresAt != null) {
            claims.expiresAt(expiresAt);
        }
        return NimbusJwtEncoder.withSecretKey(key).build()
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
    }

    @Test
    void letsOnlyAdminTokensSeeTheFarm() throws Exception {
        HttpResponse<String> user = send("/api/v1/admin/workers",
                bearer(token("alice", Instant.now().plusSeconds(300), JWT_SECRET)));
        HttpResponse<String> admin = send("/api/v1/admin/workers",
                bearer(token("ops", Instant.now().plusSeconds(300), JWT_SECRET, "admin")));

        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(user.body()).contains("/problems/forbidden");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(BACKEND_PATHS).containsExactly("/api/v1/admin/workers");
    }

    private static String token(String subject, Instant expiresAt, String secret, String scope) {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(subject).issuedAt(Instant.now())
                .expiresAt(expiresAt).claim("scope", scope).build();
        return NimbusJwtEncoder.withSecretKey(key).build()
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    private static Consumer<HttpRequest.Builder> bearer(String token) {
        return request -> request.header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(String path, Consumer<HttpRequest.Builder> customizer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        customizer.accept(request);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, List<String>> echoedHeaders(HttpResponse<String> response) {
        Map<String, List<String>> headers = new ConcurrentHashMap<>();
        for (String line : response.body().split("\n")) {
            int colon = line.indexOf(": ");
            headers.computeIfAbsent(line.substring(0, colon), name -> new CopyOnWriteArrayList<>())
                    .add(line.substring(colon + 2));
        }
        return headers;
    }
}
