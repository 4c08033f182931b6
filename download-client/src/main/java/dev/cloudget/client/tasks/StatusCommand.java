package dev.cloudget.client.tasks;

import dev.cloudget.client.gateway.GatewayApi;
import dev.cloudget.client.gateway.GatewayOptions;
import dev.cloudget.client.gateway.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;

/** {@code cloudget status ID}: where a task stands, and where to fetch its files once it is done. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a task: status, progress, and each result file (its index, for get --file) with its entry URL.")
public final class StatusCommand implements Runnable {

    @Mixin
    GatewayOptions gateway;

    @Parameters(paramLabel = "ID", description = "the task id")
    String id;

    @Option(names = "--json", description = "print the task resource as the server sent it")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode resource = gateway.api().taskJson(id);
        if (json) {
            out.println(GatewayApi.pretty(resource));
            return;
        }
        TaskView task = GatewayApi.task(resource);
        out.println("task " + task.id() + "  " + task.status() + progress(task.progress()));
        if (task.failure() != null) {
            out.println("  failed: " + task.failure().type() + ": " + task.failure().detail());
        }
        for (int index = 0; index < task.files().size(); index++) {
            TaskView.TaskFile file = task.files().get(index);
            out.println("  [" + index + "] " + file.path() + "  " + (file.size() == null ? "?" : file.size())
                    + " bytes  sha256 " + file.sha256() + "\n    " + file.entryUrl()
                    + (file.validUntil() == null ? "" : "  (valid until " + file.validUntil() + ")"));
        }
    }

    private static String progress(TaskView.Progress progress) {
        if (progress == null) {
            return "";
        }
        if (progress.bytesTotal() <= 0) {
            return "  " + progress.bytesDone() + " bytes";
        }
        return "  %d of %d bytes (%d%%)".formatted(progress.bytesDone(), progress.bytesTotal(),
                progress.bytesDone() * 100 / progress.bytesTotal());
    }
}
