package dev.cloudget.client.tasks;

import dev.cloudget.client.gateway.GatewayApi;
import dev.cloudget.client.gateway.TaskView;
import dev.cloudget.client.terminal.ProgressBar;
import tools.jackson.databind.JsonNode;

import java.util.Objects;

/** Draws a task's states as they arrive (the cloud's fetch: bar, percent, speed, ETA), for watch and add --wait. */
final class TaskProgress {

    private final ProgressBar bar;
    private String lastState;

    TaskProgress(ProgressBar bar) {
        this.bar = bar;
    }

    void show(JsonNode resource) {
        TaskView task = GatewayApi.task(resource);
        String phase = task.progress() == null || task.settled() ? null : task.progress().phase();
        // the worker's phase says more while the task downloads: CONNECTING, VERIFYING, STORING
        String state = task.status() + (phase == null || phase.equals(task.status()) ? "" : " (" + phase + ")");
        boolean news = !Objects.equals(state, lastState);
        lastState = state;
        String line = line(task, state);
        if (task.settled()) {
            bar.finish(line + (task.failure() == null ? "" : "  " + task.failure().type() + ": " + task.failure().detail()));
        } else {
            bar.show(line, System.nanoTime(), news);
        }
    }

    private static String line(TaskView task, String state) {
        TaskView.Progress progress = task.progress();
        long total = task.completed() ? task.sizeOrUnknown() : progress == null ? -1 : progress.bytesTotal();
        long done = task.completed() ? total : progress == null ? 0 : progress.bytesDone();
        long speed = task.settled() || progress == null ? 0 : progress.bytesPerSecond();
        return ProgressBar.line("task " + task.id(), done, total, speed, state);
    }
}
