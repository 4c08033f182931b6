package dev.cloudget.statistics.downloads;

import dev.cloudget.statistics.ReportMother;
import dev.cloudget.statistics.StatisticsITSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsIT extends StatisticsITSupport {

    private static final String INVALID_REQUEST = "https://cloudget.dev/problems/invalid-request";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void acceptsAReportAndCountsItInTheSendersSummary() throws Exception {
        String alice = newUser("alice");
        Map<String, Object> report = ReportMother.with("resumed", true);
        double receivedBefore = received("SUCCESS");

        HttpResponse<String> response = postReport(alice, report);

        assertThat(response.statusCode()).isEqualTo(202);
        UUID id = UUID.fromString(json(response).get("id").asString());
        Map<String, Object> stored = jdbc.sql("SELECT user_id, task_id, file_id, resumed, client FROM download_reports "
                + "WHERE id = :id").param("id", id).query().singleRow();
        assertThat(stored).containsEntry("user_id", alice)
                .containsEntry("task_id", UUID.fromString((String) report.get("task")))
                .containsEntry("file_id", UUID.fromString((String) report.get("file")))
                .containsEntry("resumed", true)
                .containsEntry("client", "cloudget-cli/0.1.0");
        JsonNode downloads = summary(alice, Map.of()).get("downloads");
        assertThat(downloads.get("reports").asLong()).isEqualTo(1);
        assertThat(downloads.get("succeeded").asLong()).isEqualTo(1);
        assertThat(downloads.get("bytes").asLong()).isEqualTo(1_048_576);
        assertThat(downloads.get("medianBytesPerSecond").asLong()).isEqualTo(524_288);
        assertThat(received("SUCCESS")).isEqualTo(receivedBefore + 1);
    }

    @Test
    void refusesAReportOutsideItsBoundsWithInvalidRequest() throws Exception {
        String bob = newUser("bob");
        List<Map<String, Object>> invalid = List.of(
                ReportMother.with("bytes", -1),
                ReportMother.with("fileSize", -1),
                ReportMother.with("bytes", 2 * 1_048_576 + 1),
                ReportMother.with("result", "EXPLODED"),
                ReportMother.with("durationMillis", 0),
                ReportMother.with("durationMillis", 30L * 24 * 3600 * 1000 + 1),
                ReportMother.with("connections", 0),
                ReportMother.with("connections", 65),
                ReportMother.with("averageBytesPerSecond", -5),
                ReportMother.with("error", "x".repeat(2001)),
                ReportMother.with("client", "c".repeat(101)),
                ReportMother.without("task"));

        for (Map<String, Object> report : invalid) {
            HttpResponse<String> response = postReport(bob, report);

            assertThat(response.statusCode()).as("%s", report).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response).get("type").asString()).as("%s", report).isEqualTo(INVALID_REQUEST);
        }
        assertThat(summary(bob, Map.of()).get("downloads").get("reports").asLong()).isZero();
    }

    @Test
    void acceptsTheEdgeOfEachBoundAndFieldsItDoesNotKnowYet() throws Exception {
        Map<String, Object> report = ReportMother.with("bytes", 2 * 1_048_576);
        report.put("result", "INTERRUPTED");
        report.put("error", "e".repeat(2000));
        report.put("client", "c".repeat(100));
        report.put("connections", 64);
        report.put("aFieldOfALaterClient", true);

        HttpResponse<String> response = postReport(newUser("carol"), report);

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void refusesABodyThatIsNotJsonWithMalformedJson() throws Exception {
        HttpResponse<String> response = send(asUser(newUser("dave"), "/api/v1/reports")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task\": ")).build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("type").asString()).isEqualTo("https://cloudget.dev/problems/malformed-json");
    }

    @Test
    void refusesAnOversizedBodyWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        String erin = newUser("erin");
        byte[] oversized = json.writeValueAsString(ReportMother.with("padding", "p".repeat(17 * 1024)))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = send(asUser(erin, "/api/v1/reports")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(oversized)).build());
        // no Content-Length: sent chunked, so only what arrives tells
        HttpResponse<String> chunked = send(asUser(erin, "/api/v1/reports")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized))).build());

        for (HttpResponse<String> response : List.of(declared, chunked)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response).get("type").asString())
                    .isEqualTo("https://cloudget.dev/problems/report-too-large");
        }
        assertThat(summary(erin, Map.of()).get("downloads").get("reports").asLong()).isZero();
    }

    @Test
    void refusesATenMegabyteBodyBeforeParsingIt() throws Exception {
        // past every service's 1 MB limit (platform RequestBodyLimitFilter): refused before a parser sees a byte
        String fay = newUser("fay");
        byte[] huge = ("{\"padding\":\"" + "p".repeat(10 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = send(asUser(fay, "/api/v1/reports")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());

        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
        assertThat(json(declared).get("type").asString()).isEqualTo("https://cloudget.dev/problems/request-too-large");
        // a body without a length is cut off as it arrives (RequestBodyLimitFilterTest); for reports the reader's
        // own, smaller limit meets it first (refusesAnOversizedBodyWith413WhetherItsLengthIsDeclaredOrNot)
    }

    @Test
    void refusesReportsBeyondTheUsersRateWith429AndRetryAfterButNotAnotherUsers() throws Exception {
        String frank = newUser("frank");
        for (int i = 0; i < RATE_LIMIT; i++) {
            assertThat(postReport(frank, ReportMother.successful()).statusCode()).isEqualTo(202);
        }

        HttpResponse<String> refused = postReport(frank, ReportMother.successful());

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json(refused).get("type").asString()).isEqualTo("https://cloudget.dev/problems/rate-limited");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(summary(frank, Map.of()).get("downloads").get("reports").asLong()).isEqualTo(RATE_LIMIT);
        assertThat(postReport(newUser("grace"), ReportMother.successful()).statusCode()).isEqualTo(202);
    }

    private double received(String result) {
        var counter = meters.find("cloudget.reports.received").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }
}
