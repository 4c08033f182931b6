package dev.cloudget.gateway;

import com.sun.net.httpserver.HttpServer;
import dev.cloudget.contracts.web.Problems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of stand-in services that echo the headers they received: its tokens, identity headers,
 * routing, and the answers it gives itself when a service is down or slow.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.gateway.secret=" + GatewayIT.GATEWAY_SECRET,
        "cloudget.jwt.secret=" + GatewayIT.JWT_SECRET,
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=" + GatewayIT.RESPONSE_TIMEOUT})
class GatewayIT {

    static final String GATEWAY_SECRET = "it-gateway-secret-0123456789";
    static final String JWT_SECRET = "it-jwt-secret-0123456789-0123456789-abc";
    static final String RESPONSE_TIMEOUT = "1s";

    /** Stand-in for task-management, task-distribution and storage. */
    private static final StandInService BACKEND = StandInService.start();
    /** Stand-in for protocol-conversion that accepts requests and answers none until the tests end. */
    private static final HttpServer SLOW = slowService();
    private static final CountDownLatch TESTS_DONE = new CountDownLatch(1);
    private static final List<String> BACKEND_PATHS = BACKEND.paths;

    private static HttpServer slowService() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                try {
                    TESTS_DONE.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("TASK_MANAGEMENT_URL", BACKEND::url);
        registry.add("TASK_DISTRIBUTION_URL", BACKEND::url);
        registry.add("STORAGE_URL", BACKEND::url);
        registry.add("PROTOCOL_CONVERSION_URL", () -> "http://127.0.0.1:" + SLOW.getAddress().getPort());
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
    static void stopBackends() {
        TESTS_DONE.countDown();
        BACKEND.close();
        SLOW.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    ReactiveResilience4JCircuitBreakerFactory circuitBreakers;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void forgetEarlierRequests() {
        BACKEND.forget();
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
                bearer(TestTokens.valid("alice").sign()));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("\"type\":\"https://cloudget.dev/problems/upstream-unavailable\"")
                .doesNotContain("timestamp", "127.0.0.1", "Connection refused", String.valueOf(CLOSED_PORT));
    }

    @Test
    void triesAReadOnceMoreWhenTheServiceRefusedTheConnectionAndAWriteNever() throws Exception {
        String token = TestTokens.valid("alice").sign();
        CircuitBreaker statistics = circuitBreakers.getCircuitBreakerRegistry().circuitBreaker("statistics");
        statistics.reset(); // closed, whatever other tests did to it

        long beforeRead = statistics.getMetrics().getNumberOfFailedCalls();
        HttpResponse<String> read = send("/api/v1/stats/summary", bearer(token));
        long afterRead = statistics.getMetrics().getNumberOfFailedCalls();
        HttpResponse<String> write = http.send(HttpRequest.newBuilder(uri("/api/v1/reports"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        long afterWrite = statistics.getMetrics().getNumberOfFailedCalls();

        assertThat(read.statusCode()).isEqualTo(503);
        assertThat(write.statusCode()).isEqualTo(503);
        assertThat(afterRead - beforeRead).isEqualTo(2);
        assertThat(afterWrite - afterRead).isEqualTo(1);
    }

    @Test
    void passesOnAReadTheServiceAnsweredWithAnErrorWithoutTryingAgain() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks/500", bearer(TestTokens.valid("alice").sign()));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(BACKEND_PATHS).containsExactly("/api/v1/tasks/500");
    }

    @Test
    void stopsCallingAServiceThatKeepsFailingAndStillAnswersProblemJson() throws Exception {
        String token = TestTokens.valid("alice").sign();
        circuitBreakers.getCircuitBreakerRegistry().circuitBreaker("statistics").reset();
        for (int call = 0; call < 10; call++) {
            send("/api/v1/stats/summary", bearer(token));
        }

        HttpResponse<String> whileOpen = send("/api/v1/stats/summary", bearer(token));

        // open after at least 10 calls, half of them failed (cloudget's setting; Resilience4j's default waits for 100)
        assertThat(circuitBreakers.getCircuitBreakerRegistry().circuitBreaker("statistics").getState())
                .isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(whileOpen.statusCode()).isEqualTo(503);
        assertThat(whileOpen.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(whileOpen.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(whileOpen.body()).contains("\"type\":\"" + Problems.UPSTREAM_UNAVAILABLE + "\"");
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
        String forged = TestTokens.valid("alice").signedWith("another-secret-0123456789-0123456789-xyz").sign();

        HttpResponse<String> response = send("/api/v1/tasks", bearer(forged));

        assertUnauthenticated(response);
        assertThat(BACKEND_PATHS).isEmpty();
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks",
                bearer(TestTokens.valid("alice").claims(claims -> claims.issuedAt(Instant.now().minusSeconds(900))
                        .expiresAt(Instant.now().minusSeconds(600))).sign()));

        assertUnauthenticated(response);
    }

    @Test
    void refusesATokenWithoutAnExpiry() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks", bearer(TestTokens.valid("alice").without("exp").sign()));

        assertUnauthenticated(response);
    }

    @Test
    void forwardsTheTokenSubjectAndTheGatewaySecret() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks/42?x=1",
                bearer(TestTokens.valid("alice").sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, List<String>> seen = echoedHeaders(response);
        assertThat(seen.get("x-cloudget-user")).containsExactly("alice");
        assertThat(seen.get("x-cloudget-gateway-secret")).containsExactly(GATEWAY_SECRET);
        assertThat(BACKEND_PATHS).containsExactly("/api/v1/tasks/42");
    }

    @Test
    void replacesAnIdentityTheClientClaimsForItself() throws Exception {
        HttpResponse<String> response = send("/api/v1/tasks",
                bearer(TestTokens.valid("alice").sign())
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
        String valid = TestTokens.valid("alice").sign();

        assertThat(send("/internal/x", request -> { }).statusCode()).isEqualTo(404);
        assertThat(send("/internal/files", bearer(valid)).statusCode()).isEqualTo(404);
        assertThat(BACKEND_PATHS).isEmpty();
    }

    @Test
    void doesNotLetDotSegmentsWalkFromARouteToAnInternalEndpoint() throws Exception {
        String valid = TestTokens.valid("alice").sign();

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
        HttpResponse<String> user = send("/actuator/metrics", bearer(TestTokens.valid("alice").sign()));
        HttpResponse<String> operator = send("/actuator/metrics", bearer(TestTokens.valid("root").scope("admin").sign()));
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

    @Test
    void refusesATokenOfAnotherIssuerOrForAnotherAudience() throws Exception {
        String otherIssuer = TestTokens.valid("alice").claims(claims -> claims.issuer("cloudget-local")).sign();
        String otherAudience = TestTokens.valid("alice").claims(claims -> claims.audience(List.of("storage"))).sign();
        String noAudience = TestTokens.valid("alice").without("aud").sign();

        assertUnauthenticated(send("/api/v1/tasks", bearer(otherIssuer)));
        assertUnauthenticated(send("/api/v1/tasks", bearer(otherAudience)));
        assertUnauthenticated(send("/api/v1/tasks", bearer(noAudience)));
        assertThat(BACKEND_PATHS).isEmpty();
    }

    @Test
    void refusesATokenThatLivesLongerThanADay() throws Exception {
        Instant now = Instant.now();
        String tenYears = TestTokens.valid("alice")
                .claims(claims -> claims.issuedAt(now).expiresAt(now.plus(Duration.ofDays(3650)))).sign();
        String aDayAndASecond = TestTokens.valid("alice")
                .claims(claims -> claims.issuedAt(now).expiresAt(now.plus(Duration.ofDays(1)).plusSeconds(1))).sign();
        String aDay = TestTokens.valid("alice")
                .claims(claims -> claims.issuedAt(now).expiresAt(now.plus(Duration.ofDays(1)))).sign();

        assertUnauthenticated(send("/api/v1/tasks", bearer(tenYears)));
        assertUnauthenticated(send("/api/v1/tasks", bearer(aDayAndASecond)));
        assertThat(send("/api/v1/tasks", bearer(aDay)).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesATokenWithoutAnIdOrAnIssueTime() throws Exception {
        assertUnauthenticated(send("/api/v1/tasks", bearer(TestTokens.valid("alice").without("jti").sign())));
        assertUnauthenticated(send("/api/v1/tasks", bearer(TestTokens.valid("alice").without("iat").sign())));
        assertThat(BACKEND_PATHS).isEmpty();
    }

    @Test
    void forwardsTheScopesOfTheTokenAndNoneTheClientClaims() throws Exception {
        HttpResponse<String> operator = send("/api/v1/admin/workers",
                bearer(TestTokens.valid("ops").scope("admin stats").sign()));
        HttpResponse<String> user = send("/api/v1/tasks", bearer(TestTokens.valid("alice").sign())
                .andThen(request -> request.header("X-Cloudget-Scopes", "admin")));

        assertThat(echoedHeaders(operator).get("x-cloudget-scopes")).containsExactly("admin stats");
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(echoedHeaders(user)).doesNotContainKey("x-cloudget-scopes");
    }

    @Test
    void answersAServiceTooSlowToAnswerWithProblemJsonAndRetryAfter() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/links"))
                .header("Authorization", "Bearer " + TestTokens.valid("alice").sign())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"link\":\"https://example.com/a.iso\"}"))
                .timeout(Duration.ofSeconds(20))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("\"type\":\"" + Problems.UPSTREAM_UNAVAILABLE + "\"")
                .doesNotContain("127.0.0.1", "timeout", String.valueOf(SLOW.getAddress().getPort()));
    }

    private void assertUnauthenticated(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"" + Problems.UNAUTHENTICATED + "\"")
                .contains("\"status\":401");
    }

    @Test
    void letsOnlyAdminTokensSeeTheFarm() throws Exception {
        HttpResponse<String> user = send("/api/v1/admin/workers",
                bearer(TestTokens.valid("alice").sign()));
        HttpResponse<String> admin = send("/api/v1/admin/workers",
                bearer(TestTokens.valid("ops").scope("admin").sign()));

        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(user.body()).contains("/problems/forbidden");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(BACKEND_PATHS).containsExactly("/api/v1/admin/workers");
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
