package dev.cloudget.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What ops see of one download: a submit that arrives with a W3C {@code traceparent} is one trace from the gateway
 * through task-management, the outbox and Kafka, task-distribution and the worker's job, so that trace id is in each of
 * their logs; and the domain metrics on each service's {@code /actuator/prometheus} move as the download runs.
 */
class ObservabilityIT {

    private static final long SIZE = 3L * 1024 * 1024;
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);

    private static CloudgetSystem system;
    private static Origin.ServedFile file;
    private static Api carol;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startSystem() throws Exception {
        system = CloudgetSystem.get();
        file = system.origin().serve("observed.bin", SIZE, 1107);
        carol = new Api(system.gateway(), "carol");
    }

    @Test
    void oneTraceIdRunsFromTheGatewayToTheWorkerAndTheDomainMetricsMoveAsTheDownloadRuns() throws Exception {
        Map<String, Double> before = domainMetrics();
        byte[] random = new byte[24];
        ThreadLocalRandom.current().nextBytes(random);
        String hex = HexFormat.of().formatHex(random);
        String traceId = hex.substring(0, 32);
        String traceparent = "00-" + traceId + "-" + hex.substring(32) + "-01";

        Api.Reply submitted = carol.send(carol.request("/api/v1/tasks")
                .header("Content-Type", "application/json")
                .header("traceparent", traceparent)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"source": "%s", "validDays": 1}""".formatted(system.origin().url("/files/observed.bin"))))
                .build());
        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        JsonNode done = carol.awaitTerminal(submitted.body().path("id").asString(), DOWNLOAD_TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        String entryUrl = done.path("files").get(0).path("entryUrl").asString();
        HttpResponse<InputStream> fetched = carol.download(entryUrl, Map.of(), "GET");
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(Api.sha256Of(fetched.body())).isEqualTo(file.sha256());

        // the gateway's access line, then each hop's own lines: the submit, the assignment, the worker's job
        await("the trace id in every hop's log").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(linesWith(traceId, log("gateway")))
                    .as("gateway's access line").anyMatch(line -> line.contains("POST /api/v1/tasks 201"));
            assertThat(linesWith(traceId, log("task-management-service")))
                    .as("task-management accepted the task").anyMatch(line -> line.contains("accepted: new-job"));
            assertThat(linesWith(traceId, log("task-distribution-service")))
                    .as("task-distribution assigned the job").anyMatch(line -> line.contains("assigned to worker"));
            assertThat(workerLogs().flatMap(worker -> linesWith(traceId, worker).stream()))
                    .as("the worker ran the job").anyMatch(line -> line.contains(" started under lease"))
                    .anyMatch(line -> line.contains(" completed: 1 file(s)"));
        });

        Map<String, Double> after = domainMetrics();
        assertThat(after.get("submitted")).isGreaterThanOrEqualTo(before.get("submitted") + 1);
        assertThat(after.get("placements")).isGreaterThanOrEqualTo(before.get("placements") + 1);
        assertThat(after.get("placementLatencies")).isGreaterThanOrEqualTo(before.get("placementLatencies") + 1);
        assertThat(after.get("httpJobsCompleted")).isGreaterThanOrEqualTo(before.get("httpJobsCompleted") + 1);
        assertThat(after.get("downloaded")).isGreaterThanOrEqualTo(before.get("downloaded") + SIZE);
        assertThat(after.get("ingested")).isGreaterThanOrEqualTo(before.get("ingested") + SIZE);
        assertThat(after.get("served")).isGreaterThanOrEqualTo(before.get("served") + SIZE);
    }

    @Test
    void theGatewayServesItsMetricsToOperatorsOnlyAndItsProbesToAnybody() throws Exception {
        URI gateway = system.gateway();
        assertThat(get(gateway.resolve("/actuator/prometheus"), null).statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = get(gateway.resolve("/actuator/prometheus"),
                CloudgetSystem.tokenFor("ops", "admin"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds_count");
        assertThat(get(gateway.resolve("/readyz"), null).statusCode()).isEqualTo(200);
        assertThat(get(gateway.resolve("/livez"), null).statusCode()).isEqualTo(200);
    }

    /** The counters this test moves, read from the services' own ports (the gateway routes no actuator of theirs). */
    private Map<String, Double> domainMetrics() throws Exception {
        String tasks = prometheus("task-management-service");
        String distribution = prometheus("task-distribution-service");
        String storage = prometheus("storage-service");
        String worker = prometheus(CloudgetSystem.WORKER);
        return Map.of(
                "submitted", sample(tasks, "cloudget_tasks_submitted_total", "outcome=\"new-job\""),
                "placements", sample(distribution, "cloudget_distribution_placements_total", ""),
                "placementLatencies", sample(distribution, "cloudget_distribution_placement_seconds_count", ""),
                "httpJobsCompleted", sample(distribution, "cloudget_jobs_finished_total", "type=\"http\""),
                "downloaded", sample(worker, "cloudget_download_bytes_total", ""),
                "ingested", sample(storage, "cloudget_storage_ingested_bytes_total", ""),
                "served", sample(storage, "cloudget_storage_served_bytes_total", ""));
    }

    private String prometheus(String module) throws Exception {
        HttpResponse<String> response = get(URI.create("http://127.0.0.1:" + system.service(module).port()
                + "/actuator/prometheus"), null);
        assertThat(response.statusCode()).as(module + " /actuator/prometheus").isEqualTo(200);
        return response.body();
    }

    /** The sum of {@code name}'s samples whose labels contain {@code label}; 0 while none was recorded. */
    private static double sample(String exposition, String name, String label) {
        return exposition.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path log(String module) {
        return system.service(module).log();
    }

    /** Every worker's log, the system's own and any a test started beside it: the job may have gone to any. */
    private static Stream<Path> workerLogs() throws IOException {
        try (Stream<Path> logs = Files.list(log("gateway").getParent())) {
            return logs.filter(path -> path.getFileName().toString().startsWith("download-worker")).toList().stream();
        }
    }

    private static List<String> linesWith(String traceId, Path log) {
        try {
            // as bytes: a log line may quote anything an origin sent
            return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).lines()
                    .filter(line -> line.contains(traceId)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
