package dev.cloudget.client.tasks;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import dev.cloudget.client.gateway.GatewayApi;
import dev.cloudget.client.gateway.TaskView;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Follows a task's live state through {@code GET /api/v1/tasks/{id}/events} until it settles (COMPLETED, FAILED,
 * CANCELLED, EXPIRED). Each {@code task} event is the whole task, so a stream that drops loses nothing: the client
 * reconnects with {@code Last-Event-ID} (after the server's {@code retry:} delay, else a growing one) and the server
 * sends the task at once if it changed meanwhile. Gives up after {@value #MAX_FAILURES} reconnections in a row that
 * brought no event.
 */
public final class TaskEvents {

    static final int MAX_FAILURES = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GatewayApi api;
    private final OkHttpClient streaming;
    private final Duration firstDelay;

    public TaskEvents(GatewayApi api) {
        this(api, Duration.ofSeconds(1));
    }

    TaskEvents(GatewayApi api, Duration firstDelay) {
        this.api = api;
        this.streaming = api.streaming();
        this.firstDelay = firstDelay;
    }

    /** Calls {@code onTask} with each state of the task and answers the settled one. */
    public JsonNode follow(String id, Consumer<JsonNode> onTask) {
        String lastEventId = null;
        int failures = 0;
        long serverRetry = -1;
        while (true) {
            try (Response response = api.openEvents(id, lastEventId, streaming)) {
                ServerSentEvents events = new ServerSentEvents(new BufferedReader(
                        new InputStreamReader(response.body().byteStream(), StandardCharsets.UTF_8)));
                for (ServerSentEvents.Event event; (event = events.next()) != null; ) {
                    if (!event.name().equals("task")) {
                        continue;
                    }
                    failures = 0;
                    lastEventId = events.lastEventId();
                    JsonNode task = parse(event.data());
                    onTask.accept(task);
                    if (GatewayApi.task(task).settled()) {
                        return task;
                    }
                }
                lastEventId = events.lastEventId() == null ? lastEventId : events.lastEventId();
                serverRetry = events.retryMillis();
            } catch (IOException dropped) {
                // the stream broke off: reconnect below
            } catch (CliFailure failure) {
                if (failure.exitCode() != ExitCode.UNAVAILABLE) {
                    throw failure;
                }
            }
            if (++failures >= MAX_FAILURES) {
                throw new CliFailure("lost the event stream of task " + id + " and could not get it back after "
                        + MAX_FAILURES + " attempts", ExitCode.UNAVAILABLE);
            }
            pause(serverRetry >= 0 ? Duration.ofMillis(serverRetry) : firstDelay.multipliedBy(Math.min(failures, 5)));
        }
    }

    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (JacksonException e) {
            throw new CliFailure("the task's event stream sent something that is not a task: " + e.getOriginalMessage(), e);
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", ExitCode.INTERRUPTED, e);
        }
    }

    /** The exit code a settled task means: 0 for COMPLETED, {@link ExitCode#TASK_FAILED} for the rest. */
    public static int exitCodeOf(TaskView task) {
        return task.completed() ? ExitCode.OK : ExitCode.TASK_FAILED;
    }
}
