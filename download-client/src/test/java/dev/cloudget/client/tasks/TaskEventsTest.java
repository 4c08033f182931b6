package dev.cloudget.client.tasks;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import dev.cloudget.client.RangeFileServer;
import dev.cloudget.client.gateway.GatewayOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskEventsTest {

    private static final String TASK = "7d4f2c1e-0000-4000-8000-000000000001";
    private final RangeFileServer gateway = newServer();

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void reconnectsWithTheLastEventIdWhenTheStreamDropsAndEndsWhenTheTaskSettles() {
        AtomicInteger connections = new AtomicInteger();
        gateway.handle("/api/v1/tasks/" + TASK + "/events", exchange -> {
            if (connections.incrementAndGet() == 1) {
                // one event, then the connection breaks off before the task settled
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                body.write(event(41, "DOWNLOADING"));
                body.flush();
                exchange.close();
                return;
            }
            byte[] rest = event(42, "COMPLETED");
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, rest.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(rest);
            }
        });
        List<String> seen = new ArrayList<>();

        JsonNode settled = events().follow(TASK, task -> seen.add(task.path("status").asString()));

        assertThat(settled.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(seen).containsExactly("DOWNLOADING", "COMPLETED");
        assertThat(gateway.seen()).extracting(RangeFileServer.Seen::lastEventId).containsExactly(null, "41");
    }

    @Test
    void givesUpWithTheUnavailableExitCodeWhenTheStreamNeverComesBack() {
        gateway.json("/api/v1/tasks/" + TASK + "/events", 503, "application/problem+json", """
                {"title":"Service Unavailable","status":503,"detail":"down"}""");

        assertThatThrownBy(() -> events().follow(TASK, task -> { }))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("lost the event stream")
                .satisfies(failure -> assertThat(((CliFailure) failure).exitCode()).isEqualTo(ExitCode.UNAVAILABLE));
        assertThat(gateway.seen()).hasSize(TaskEvents.MAX_FAILURES);
    }

    @Test
    void aTaskThatIsNotThereIsNotFoundAtOnce() {
        gateway.json("/api/v1/tasks/" + TASK + "/events", 404, "application/problem+json", """
                {"title":"Task not found","status":404,"detail":"No task"}""");

        assertThatThrownBy(() -> events().follow(TASK, task -> { }))
                .satisfies(failure -> assertThat(((CliFailure) failure).exitCode()).isEqualTo(ExitCode.NOT_FOUND));
        assertThat(gateway.seen()).hasSize(1);
    }

    private TaskEvents events() {
        GatewayOptions options = new GatewayOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            GatewayOptions mixin = options;
        }).parseArgs("--gateway", gateway.url("/"), "--token", "t0k");
        return new TaskEvents(options.api(), Duration.ofMillis(10));
    }

    private static byte[] event(int id, String status) {
        return """
                id: %d
                event: task
                data: {"id":"%s","status":"%s"}

                """.formatted(id, TASK, status).getBytes(StandardCharsets.UTF_8);
    }

    private static RangeFileServer newServer() {
        try {
            return new RangeFileServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
