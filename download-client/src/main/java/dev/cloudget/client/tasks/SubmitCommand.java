package dev.cloudget.client.tasks;

import dev.cloudget.client.gateway.GatewayOptions;
import dev.cloudget.client.gateway.SubmitTask;
import dev.cloudget.client.gateway.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cloudget submit URL}: hand a link to the cloud and go away. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a link for the cloud to fetch; prints the task id and its status.")
public final class SubmitCommand implements Runnable {

    @Mixin
    GatewayOptions gateway;

    @Parameters(paramLabel = "URL", description = "the link to fetch")
    String url;

    @Option(names = "--email", description = "also notify this address when the task completes")
    String email;

    @Option(names = "--valid-days", paramLabel = "DAYS",
            description = "how long the result stays in the cloud (the server's default when omitted)")
    Integer validDays;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        TaskView task = gateway.api().submit(SubmitTask.of(url, email, validDays));
        spec.commandLine().getOut().println(task.id() + " " + task.status());
    }
}
