package dev.cloudget.client.tasks;

import dev.cloudget.client.gateway.GatewayApi;
import dev.cloudget.client.gateway.GatewayOptions;
import dev.cloudget.client.terminal.ProgressBar;
import dev.cloudget.client.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code cloudget watch ID}: the cloud's fetch of a task, live, until it settles. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow a task live (its event stream) until it is COMPLETED, FAILED, CANCELLED or EXPIRED: a "
                + "progress bar with percent, speed and ETA on a terminal, plain lines otherwise. Reconnects when the "
                + "stream drops.", "Exits 0 when the task completed, 4 when it did not."})
public final class WatchCommand implements Callable<Integer> {

    @Mixin
    GatewayOptions gateway;

    @Parameters(paramLabel = "ID", description = "the task id")
    String id;

    @Option(names = "--json", description = "print nothing while waiting, then the final task as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TaskProgress progress = new TaskProgress(new ProgressBar(out, Terminal.stdoutIsTerminal()));
        JsonNode settled = new TaskEvents(gateway.api()).follow(id, task -> {
            if (!json) {
                progress.show(task);
            }
        });
        if (json) {
            out.println(GatewayApi.pretty(settled));
        }
        out.flush();
        return TaskEvents.exitCodeOf(GatewayApi.task(settled));
    }
}
