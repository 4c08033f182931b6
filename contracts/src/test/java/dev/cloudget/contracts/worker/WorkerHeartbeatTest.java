package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A heartbeat as it crosses Kafka: JSON, read by a service that may be newer than the worker that sent it. */
class WorkerHeartbeatTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aHeartbeatFromAWorkerThatPredatesThroughputAndEnginesSaysNothingFetchedAndEveryEngine() {
        String older = """
                {"workerId":"w1","address":"http://10.0.0.7:8085","freeDiskBytes":53687091200,"cpuLoad":0.25,
                 "activeJobs":1,"capacity":4,"sentAt":"2026-11-27T10:15:30Z",
                 "jobs":[{"job":"7d3f3c5e-8d0e-4a57-bb8e-4a3e0f3c1a2b","epoch":3}]}""";

        WorkerHeartbeat heartbeat = json.readValue(older, WorkerHeartbeat.class);

        assertThat(heartbeat.workerId()).isEqualTo("w1");
        assertThat(heartbeat.capacity()).isEqualTo(4);
        assertThat(heartbeat.jobs()).containsExactly(new JobLease(
                new JobId(java.util.UUID.fromString("7d3f3c5e-8d0e-4a57-bb8e-4a3e0f3c1a2b")), new LeaseEpoch(3)));
        assertThat(heartbeat.bytesPerSecond()).isZero();
        assertThat(heartbeat.engines()).containsExactly(Engine.HTTP, Engine.FTP, Engine.BITTORRENT);
    }

    @Test
    void anExplicitNullForEnginesAlsoMeansEveryEngine() {
        String withNull = """
                {"workerId":"w1","address":"http://10.0.0.7:8085","freeDiskBytes":1,"cpuLoad":0.0,
                 "activeJobs":0,"capacity":4,"sentAt":"2026-11-27T10:15:30Z","jobs":[],
                 "bytesPerSecond":0,"engines":null}""";

        assertThat(json.readValue(withNull, WorkerHeartbeat.class).engines()).isEqualTo(Engine.ALL);
    }

    @Test
    void carriesTheThroughputAndTheEnginesAWorkerRuns() {
        WorkerHeartbeat sent = new WorkerHeartbeat("w2", URI.create("http://10.0.0.8:8085"), 1L << 40, 0.5, 2, 4,
                Instant.parse("2026-11-27T10:15:30Z"), List.of(), 12_500_000, Set.of(Engine.FTP, Engine.HTTP));

        String written = json.writeValueAsString(sent);
        WorkerHeartbeat read = json.readValue(written, WorkerHeartbeat.class);

        assertThat(written).contains("\"bytesPerSecond\":12500000").contains("\"engines\":[\"HTTP\",\"FTP\"]");
        assertThat(read).isEqualTo(sent);
        assertThat(read.engines()).containsExactly(Engine.HTTP, Engine.FTP);
    }

    @Test
    void aWorkerRunningNoEngineSaysSoRatherThanEveryEngine() {
        WorkerHeartbeat none = new WorkerHeartbeat("w3", URI.create("http://10.0.0.9:8085"), 1, 0.0, 0, 4,
                Instant.parse("2026-11-27T10:15:30Z"), List.of(), 0, Set.of());

        assertThat(json.readValue(json.writeValueAsString(none), WorkerHeartbeat.class).engines()).isEmpty();
    }
}
