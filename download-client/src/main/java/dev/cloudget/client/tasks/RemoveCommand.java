package dev.cloudget.client.tasks;

import dev.cloudget.client.gateway.GatewayOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;

/** {@code cloudget rm ID…}: cancel tasks, or unsubscribe from downloads others still wait for. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        description = "Delete tasks: a running one is cancelled (or, when others wait for the same download, you are "
                + "unsubscribed), a completed one's entry addresses stop working.")
public final class RemoveCommand implements Runnable {

    @Mixin
    GatewayOptions gateway;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "the task ids")
    List<String> ids;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        var api = gateway.api();
        for (String id : ids) {
            api.delete(id);
            spec.commandLine().getOut().println("removed " + id);
        }
        spec.commandLine().getOut().flush();
    }
}
