package dev.cloudget.statistics.figures;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.TaskSettled;
import dev.cloudget.statistics.ReportMother;
import dev.cloudget.statistics.StatisticsITSupport;
import dev.cloudget.statistics.TaskSettledMother;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FiguresIT extends StatisticsITSupport {

    private static final Duration ARRIVAL = Duration.ofSeconds(30);
    private static final String INVALID_REQUEST = "https://cloudget.dev/problems/invalid-request";

    @Test
    void showsEachUserOnlyTheirOwnFiguresAndTheFarmEveryonesWithItsWorkers() throws Exception {
        String alice = newUser("alice");
        String bob = newUser("bob");
        Instant day = aDayOfItsOwn();
        Map<String, Object> thatDay = Map.of("from", day, "to", day.plus(Duration.ofDays(1)));
        long farmReportsBefore = farmSummary(Map.of()).get("downloads").get("reports").asLong();
        settle(TaskSettledMother.fetched(alice, 1_000, Duration.ofSeconds(1), day.plusSeconds(10)));
        settle(TaskSettledMother.fetched(alice, 2_000, Duration.ofSeconds(1), day.plusSeconds(20)));
        settle(TaskSettledMother.completed(bob, "bittorrent", null, 40_000, Duration.ofSeconds(4),
                day.plusSeconds(30)));
        postReport(alice, ReportMother.with("bytes", 1_000));
        postReport(bob, ReportMother.with("bytes", 300));
        postReport(bob, ReportMother.with("bytes", 400));
        await().atMost(ARRIVAL).until(() -> summary(alice, thatDay).get("tasks").get("settled").asLong() == 2
                && summary(bob, thatDay).get("tasks").get("settled").asLong() == 1);

        JsonNode aliceSees = summary(alice, thatDay);
        assertThat(aliceSees.get("tasks").get("bytes").asLong()).isEqualTo(3_000);
        assertThat(names(aliceSees.get("bySourceType"))).containsExactly("http");
        assertThat(aliceSees.has("byWorker")).isFalse();
        JsonNode bobSees = summary(bob, thatDay);
        assertThat(bobSees.get("tasks").get("bytes").asLong()).isEqualTo(40_000);
        assertThat(names(bobSees.get("bySourceType"))).containsExactly("bittorrent");
        assertThat(summary(alice, Map.of()).get("downloads").get("reports").asLong()).isEqualTo(1);
        assertThat(summary(alice, Map.of()).get("downloads").get("bytes").asLong()).isEqualTo(1_000);
        assertThat(summary(bob, Map.of()).get("downloads").get("reports").asLong()).isEqualTo(2);
        assertThat(summary(bob, Map.of()).get("downloads").get("bytes").asLong()).isEqualTo(700);

        JsonNode farm = farmSummary(thatDay);
        assertThat(farm.get("tasks").get("settled").asLong()).isEqualTo(3);
        assertThat(farm.get("tasks").get("bytes").asLong()).isEqualTo(43_000);
        assertThat(names(farm.get("bySourceType"))).containsExactly("bittorrent", "http");
        assertThat(farm.has("byWorker")).isTrue();
        assertThat(farmSummary(Map.of()).get("downloads").get("reports").asLong()).isEqualTo(farmReportsBefore + 3);
    }

    @Test
    void summarisesTasksBySourceTypeWithRatesAndFetchSpeeds() throws Exception {
        String carol = newUser("carol");
        Instant day = aDayOfItsOwn();
        Instant noon = day.plus(Duration.ofHours(12));
        // fetched: 10 000, 20 000 and 30 000 B/s; one answered from the store (not a fetch); one failed
        settle(TaskSettledMother.completed(carol, "http", null, 600_000, Duration.ofSeconds(60), noon));
        settle(TaskSettledMother.completed(carol, "http", "changed", 1_200_000, Duration.ofSeconds(60), noon));
        settle(TaskSettledMother.completed(carol, "http", "stored", 5_000, Duration.ofSeconds(1), noon));
        settle(TaskSettledMother.completed(carol, "bittorrent", null, 3_000_000, Duration.ofSeconds(100), noon));
        settle(TaskSettledMother.failed(carol, "bittorrent", noon));
        Map<String, Object> thatDay = Map.of("from", day, "to", day.plus(Duration.ofDays(1)));
        await().atMost(ARRIVAL).until(() -> summary(carol, thatDay).get("tasks").get("settled").asLong() == 5);

        JsonNode summary = summary(carol, thatDay);

        assertThat(Instant.parse(summary.get("from").asString())).isEqualTo(day);
        assertThat(Instant.parse(summary.get("to").asString())).isEqualTo(day.plus(Duration.ofDays(1)));
        JsonNode tasks = summary.get("tasks");
        assertThat(tasks.get("completed").asLong()).isEqualTo(4);
        assertThat(tasks.get("failed").asLong()).isEqualTo(1);
        assertThat(tasks.get("bytes").asLong()).isEqualTo(4_805_000);
        assertThat(tasks.get("successRate").asDouble()).isEqualTo(0.8);
        assertThat(tasks.get("dedupHitRate").asDouble()).isEqualTo(0.25);
        assertThat(tasks.get("medianBytesPerSecond").asLong()).isEqualTo(20_000);
        // continuous percentile: 20 000 + 0.9 × (30 000 − 20 000)
        assertThat(tasks.get("p95BytesPerSecond").asLong()).isEqualTo(29_000);
        JsonNode http = summary.get("bySourceType").get("http");
        assertThat(http.get("settled").asLong()).isEqualTo(3);
        assertThat(http.get("successRate").asDouble()).isEqualTo(1.0);
        assertThat(http.get("dedupHitRate").asDouble()).isEqualTo(1.0 / 3);
        assertThat(http.get("medianBytesPerSecond").asLong()).isEqualTo(15_000);
        JsonNode bittorrent = summary.get("bySourceType").get("bittorrent");
        assertThat(bittorrent.get("successRate").asDouble()).isEqualTo(0.5);
        assertThat(bittorrent.get("dedupHitRate").asDouble()).isEqualTo(0.0);
        assertThat(bittorrent.get("p95BytesPerSecond").asLong()).isEqualTo(30_000);
    }

    @Test
    void answersNullRatesAndZeroCountsWhenThereIsNothingToCount() throws Exception {
        JsonNode summary = summary(newUser("nobody"), Map.of());

        assertThat(summary.get("tasks").get("settled").asLong()).isZero();
        assertThat(summary.get("tasks").get("successRate").isNull()).isTrue();
        assertThat(summary.get("tasks").get("dedupHitRate").isNull()).isTrue();
        assertThat(summary.get("tasks").get("medianBytesPerSecond").isNull()).isTrue();
        assertThat(summary.get("downloads").get("reports").asLong()).isZero();
        assertThat(summary.get("downloads").get("p95BytesPerSecond").isNull()).isTrue();
        assertThat(summary.get("bySourceType").isEmpty()).isTrue();
        assertThat(Duration.between(Instant.parse(summary.get("from").asString()),
                Instant.parse(summary.get("to").asString()))).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void cutsAMetricIntoBucketsOfTheIntervalForTheCallerAndTheFarm() throws Exception {
        String dora = newUser("dora");
        Instant start = aDayOfItsOwn();
        settle(TaskSettledMother.fetched(dora, 100, Duration.ofSeconds(1), start.plus(Duration.ofMinutes(10))));
        settle(TaskSettledMother.fetched(dora, 100, Duration.ofSeconds(1), start.plus(Duration.ofMinutes(50))));
        settle(TaskSettledMother.failed(dora, "http", start.plus(Duration.ofMinutes(125))));
        Map<String, Object> threeHours = Map.of("metric", "tasks", "interval", "PT1H",
                "from", start, "to", start.plus(Duration.ofHours(3)));
        await().atMost(ARRIVAL).until(() -> values(timeseries(dora, threeHours)).equals(List.of("2", "0", "1")));

        JsonNode successRate = timeseries(dora, Map.of("metric", "successRate", "interval", "hour",
                "from", start, "to", start.plus(Duration.ofHours(3))));
        JsonNode farmTasks = ok(get("an-admin", "/api/v1/admin/stats/timeseries", threeHours));
        JsonNode quarterHours = timeseries(dora, Map.of("metric", "tasks", "interval", "PT15M",
                "from", start, "to", start.plus(Duration.ofMinutes(40))));

        assertThat(values(successRate)).containsExactly("1.0", "null", "0.0");
        assertThat(successRate.get("interval").asString()).isEqualTo("PT1H");
        assertThat(successRate.get("buckets").get(1).get("start").asString())
                .isEqualTo(start.plus(Duration.ofHours(1)).toString());
        assertThat(values(farmTasks)).containsExactly("2", "0", "1");
        // 40 minutes by 15: the last bucket is cut short at `to`
        assertThat(values(quarterHours)).containsExactly("1", "0", "0");
    }

    @Test
    void cutsTheCallersReportsIntoBuckets() throws Exception {
        String ezra = newUser("ezra");
        postReport(ezra, ReportMother.with("bytes", 1_000));
        postReport(ezra, ReportMother.with("bytes", 2_000));
        Instant now = Instant.now();
        Map<String, Object> aroundNow = Map.of("interval", "PT1H", "from", now.minus(Duration.ofMinutes(30)),
                "to", now.plus(Duration.ofMinutes(30)));

        assertThat(values(timeseries(ezra, with(aroundNow, "metric", "downloads")))).containsExactly("2");
        assertThat(values(timeseries(ezra, with(aroundNow, "metric", "downloadBytes")))).containsExactly("3000");
        assertThat(values(timeseries(ezra, with(aroundNow, "metric", "downloadMedianSpeed"))))
                .containsExactly("524288");
    }

    @Test
    void refusesQueriesItCannotAnswerWithInvalidRequest() throws Exception {
        String user = newUser("quirky");
        Instant now = Instant.now();
        List<HttpResponse<String>> refused = new ArrayList<>();
        refused.add(get(user, "/api/v1/stats/summary", Map.of("from", now, "to", now.minusSeconds(60))));
        refused.add(get(user, "/api/v1/stats/summary", Map.of("from", "2000-01-01T00:00:00Z", "to", now)));
        refused.add(get(user, "/api/v1/stats/summary", Map.of("from", "yesterday")));
        refused.add(get(user, "/api/v1/stats/summary", Map.of("from", "+100000-01-01T00:00:00Z",
                "to", "+100000-01-02T00:00:00Z")));
        refused.add(get(user, "/api/v1/stats/timeseries", Map.of("metric", "happiness")));
        refused.add(get(user, "/api/v1/stats/timeseries", Map.of()));
        refused.add(get(user, "/api/v1/stats/timeseries", Map.of("metric", "tasks", "interval", "PT30S")));
        refused.add(get(user, "/api/v1/stats/timeseries", Map.of("metric", "tasks", "interval", "P8D")));
        refused.add(get(user, "/api/v1/stats/timeseries", Map.of("metric", "tasks", "interval", "fortnightly")));
        // a day by the minute is 1 440 buckets, more than the 1 000 served
        refused.add(get(user, "/api/v1/stats/timeseries", Map.of("metric", "tasks", "interval", "PT1M",
                "from", now.minus(Duration.ofDays(1)), "to", now)));
        refused.add(get("an-admin", "/api/v1/admin/stats/summary", Map.of("from", now, "to", now)));
        refused.add(get("an-admin", "/api/v1/admin/stats/timeseries", Map.of("metric", "")));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json(response).get("type").asString()).as(response.uri().toString())
                    .isEqualTo(INVALID_REQUEST);
        });
    }

    @Test
    void servesTheFarmsFiguresToAdminsOnlyWhateverRoutedTheRequest() throws Exception {
        // the gateway routes /api/v1/admin/** to admins only; the service checks the forwarded scope again
        HttpResponse<String> refused = get("a-user-" + UUID.randomUUID(), "/api/v1/admin/stats/summary", Map.of());

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(json(refused).get("type").asString()).endsWith("/problems/forbidden");
        assertThat(get(ADMIN, "/api/v1/admin/stats/summary", Map.of()).statusCode()).isEqualTo(200);
    }

    private JsonNode timeseries(String user, Map<String, ?> query) throws Exception {
        return ok(get(user, "/api/v1/stats/timeseries", query));
    }

    private static Map<String, Object> with(Map<String, Object> query, String name, Object value) {
        Map<String, Object> more = new java.util.LinkedHashMap<>(query);
        more.put(name, value);
        return more;
    }

    private static List<String> values(JsonNode timeseries) {
        List<String> values = new ArrayList<>();
        timeseries.get("buckets").forEach(bucket -> values.add(bucket.get("value").toString()));
        return values;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    private void settle(TaskSettled event) throws Exception {
        kafka.send(Topics.TASK_SETTLED, event.task().toString(), event).get();
    }
}
