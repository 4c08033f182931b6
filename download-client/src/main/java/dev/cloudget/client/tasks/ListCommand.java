package dev.cloudget.client.tasks;

import dev.cloudget.client.gateway.GatewayApi;
import dev.cloudget.client.gateway.GatewayOptions;
import dev.cloudget.client.gateway.TaskView;
import dev.cloudget.client.terminal.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code cloudget ls}: the caller's tasks, newest first, one line each. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true,
        description = "List your tasks, newest first: id, status, progress, size, name (or source).")
public final class ListCommand implements Runnable {

    /** The most the API gives per page. */
    private static final int PAGE = 100;

    @Mixin
    GatewayOptions gateway;

    @Option(names = "--status", paramLabel = "S",
            description = "only tasks in this status: QUEUED, DOWNLOADING, COMPLETED, FAILED, CANCELLED, EXPIRED")
    String status;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100",
            description = "at most this many tasks (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "print the tasks as a JSON array, as the server sent them")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        GatewayApi api = gateway.api();
        List<JsonNode> tasks = new ArrayList<>();
        String wanted = status == null ? null : status.toUpperCase(Locale.ROOT);
        for (int page = 0; tasks.size() < limit; page++) {
            JsonNode found = api.tasks(wanted, page, PAGE);
            found.path("items").forEach(task -> {
                if (tasks.size() < limit) {
                    tasks.add(task);
                }
            });
            if (found.path("items").size() < PAGE || (long) (page + 1) * PAGE >= found.path("totalItems").asLong()) {
                break;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(GatewayApi.pretty(tasks));
            return;
        }
        String format = "%-36s  %-11s  %5s  %10s  %s%n";
        out.printf(format, "ID", "STATUS", "DONE", "SIZE", "NAME");
        for (JsonNode resource : tasks) {
            TaskView task = GatewayApi.task(resource);
            int percent = task.percent();
            out.printf(format, task.id(), task.status(), percent < 0 ? "-" : percent + "%",
                    task.sizeOrUnknown() < 0 ? "-" : Units.bytes(task.sizeOrUnknown()), nameOf(task));
        }
        out.flush();
    }

    private static String nameOf(TaskView task) {
        if (task.files().isEmpty()) {
            return task.source() == null ? "" : task.source();
        }
        String first = task.files().getFirst().path();
        return task.files().size() == 1 ? first : first + " (+" + (task.files().size() - 1) + " more)";
    }
}
