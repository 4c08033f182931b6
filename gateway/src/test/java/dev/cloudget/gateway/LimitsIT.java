package dev.cloudget.gateway;

import dev.cloudget.contracts.web.Problems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's limits in front of a stand-in for every service: per-user rate limits in the machine's Redis
 * (127.0.0.1:6379; each run has users of its own), and request body limits per route.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.gateway.secret=" + GatewayIT.GATEWAY_SECRET,
        "cloudget.jwt.secret=" + GatewayIT.JWT_SECRET,
        // two submits, then one more every 30 s
        "cloudget.rate-limits.submits.replenish-rate=1",
        "cloudget.rate-limits.submits.burst-capacity=60",
        "cloudget.rate-limits.submits.requested-tokens=30"})
class LimitsIT {

    /** The JSON API's default body limit, 1 MiB. */
    private static final int JSON_LIMIT = 1 << 20;

    /** A small submit sent after a refused one: when the service has read it, it has seen whatever came before. */
    private static final String MARKER = "{\"marker\":true}";

    private static final StandInService SERVICES = StandInService.start();

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        for (String service : new String[] {"TASK_MANAGEMENT_URL", "STORAGE_URL", "PROTOCOL_CONVERSION_URL",
                "SEED_PARSER_URL", "STATISTICS_URL", "TASK_DISTRIBUTION_URL"}) {
            registry.add(service, SERVICES::url);
        }
    }

    @AfterAll
    static void stopServices() {
        SERVICES.close();
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void forgetEarlierRequests() {
        SERVICES.forget();
    }

    @Test
    void refusesAUserOverTheSubmitRateWithProblemJsonWhileAnotherUserSubmits() throws Exception {
        String alice = user("alice");
        String bob = user("bob");

        assertThat(submit(alice, "{}").statusCode()).isEqualTo(200);
        assertThat(submit(alice, "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> third = submit(alice, "{}");
        HttpResponse<String> others = submit(bob, "{}");

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(third.body()).contains("\"type\":\"" + Problems.RATE_LIMITED + "\"").contains("\"status\":429");
        // 30 tokens a submit at 1 a second: at most 30 s until the next
        assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 30));
        assertThat(third.headers().firstValue("X-RateLimit-Replenish-Rate")).hasValue("1");
        assertThat(third.headers().firstValue("X-RateLimit-Requested-Tokens")).hasValue("30");
        assertThat(third.headers().firstValue("X-RateLimit-Remaining")).isPresent();
        assertThat(others.statusCode()).isEqualTo(200);
        assertThat(SERVICES.paths).hasSize(3);
    }

    @Test
    void limitsOnlySubmitsAmongTheTaskRoutes() throws Exception {
        String alice = user("alice");
        submit(alice, "{}");
        submit(alice, "{}");
        assertThat(submit(alice, "{}").statusCode()).isEqualTo(429);

        HttpResponse<String> read = http.send(HttpRequest.newBuilder(uri("/api/v1/tasks/42"))
                .header("Authorization", "Bearer " + TestTokens.valid(alice).sign()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(read.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesADeclaredTenMegabyteJsonBodyBeforeForwardingAnyOfIt() throws Exception {
        HttpResponse<String> response = http.send(post("/api/v1/tasks", user("carol"), "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonOf(10_000_000))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertRequestTooLarge(response);
        // the marker after it arrives alone: the refused request never reached the service
        submit(user("marker"), MARKER);
        await().atMost(Duration.ofSeconds(10)).until(() -> SERVICES.bodiesRead.size() == 1);
        assertThat(SERVICES.paths).containsExactly("/api/v1/tasks");
        assertThat(SERVICES.bodiesRead).containsExactly((long) MARKER.length());
    }

    @Test
    void cutsOffAChunkedJsonBodyAtTheLimit() throws Exception {
        byte[] body = jsonOf(2 * JSON_LIMIT);
        HttpResponse<String> response = http.send(post("/api/v1/tasks", user("dave"), "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertRequestTooLarge(response);
        submit(user("marker"), MARKER);
        await().atMost(Duration.ofSeconds(10)).until(() -> SERVICES.bodiesRead.contains((long) MARKER.length()));
        // the service got at most the limit of the cut-off body, never all of it
        assertThat(SERVICES.bodiesRead).allMatch(read -> read <= JSON_LIMIT);
    }

    @Test
    void givesUploadsAndReportsLimitsOfTheirOwn() throws Exception {
        HttpResponse<String> torrent = http.send(post("/api/v1/torrents", user("erin"), "application/x-bittorrent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * JSON_LIMIT])).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> report = http.send(post("/api/v1/reports", user("erin"), "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jsonOf(65 * 1024))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(torrent.statusCode()).isEqualTo(200);
        assertThat(SERVICES.bodiesRead).containsExactly(2L * JSON_LIMIT);
        assertRequestTooLarge(report);
    }

    @Test
    void streamsABodyToTheServiceAsItArrivesRatherThanHoldingItFirst() throws Exception {
        // by hand: the JDK's client sends nothing of a body of unknown length until it has more than a little of it
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /api/v1/torrents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + TestTokens.valid(user("frank")).sign() + "\r\n"
                    + "Content-Type: application/x-bittorrent\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "400\r\n" + "a".repeat(1024) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            // the service has the request while its client has not finished sending it
            await().atMost(Duration.ofSeconds(10)).until(() -> SERVICES.paths.contains("/api/v1/torrents"));
            out.write(("400\r\n" + "b".repeat(1024) + "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String statusLine = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(statusLine).isEqualTo("HTTP/1.1 200 OK");
        }
        assertThat(SERVICES.bodiesRead).containsExactly(2048L);
    }

    private static void assertRequestTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"" + Problems.REQUEST_TOO_LARGE + "\"")
                .contains("\"status\":413");
    }

    /** A user id of this run alone, so that an earlier run's buckets in Redis do not count. */
    private static String user(String name) {
        return name + "-" + UUID.randomUUID();
    }

    /** A JSON document of exactly {@code size} bytes: one long string field. */
    private static byte[] jsonOf(int size) {
        String field = "{\"source\":\"";
        return (field + "a".repeat(size - field.length() - 2) + "\"}").getBytes();
    }

    private HttpResponse<String> submit(String user, String json) throws Exception {
        return http.send(post("/api/v1/tasks", user, "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder post(String path, String user, String contentType) {
        return HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + TestTokens.valid(user).sign())
                .header("Content-Type", contentType)
                .timeout(Duration.ofSeconds(30));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
