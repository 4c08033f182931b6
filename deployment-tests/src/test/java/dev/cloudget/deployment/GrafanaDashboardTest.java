package dev.cloudget.deployment;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The farm's Grafana dashboard: valid JSON, a panel on each of the farm's metrics, shipped to Grafana's sidecar. */
class GrafanaDashboardTest {

    /** What ops watch on the farm (issue 11): the domain metrics and the services' HTTP and JVM figures. */
    static final List<String> METRICS = List.of("cloudget_tasks_submitted_total", "cloudget_distribution_queue_depth",
            "cloudget_jobs_active", "cloudget_distribution_placements_total", "cloudget_distribution_failovers_total",
            "cloudget_download_bytes_total", "cloudget_notifications_attempts_total", "cloudget_quotas_refused_total",
            "cloudget_storage_bytes_ingested_total", "cloudget_storage_bytes_served_total",
            "cloudget_distribution_placement_seconds", "cloudget_jobs_finished_total", "http_server_requests_seconds",
            "jvm_memory_used_bytes");

    @Test
    void hasAPanelOnEveryMetricOfTheFarm() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build()
                .readTree(Files.readString(Repository.ROOT.resolve("k8s/grafana/cloudget-farm.json")));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asString("")));
        }
        List<String> missing = METRICS.stream().filter(m -> expressions.stream().noneMatch(e -> e.contains(m))).toList();
        assertThat(missing).as("metrics no panel shows").isEmpty();
        assertThat(dashboard.path("uid").asString("")).isNotBlank();
    }

    @Test
    void isShippedAsAConfigMapGrafanasSidecarPicksUp() {
        String rendered = Repository.run(Repository.ROOT.resolve("k8s"), Map.of(), Repository.kubectl(), "kustomize", "grafana");
        Manifests manifests = Manifests.parse("grafana", rendered);
        var config = manifests.configMap("cloudget-grafana-dashboard").orElseThrow();
        assertThat(config.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(config.getData()).containsKey("cloudget-farm.json");
    }
}
