package dev.cloudget.client;

import dev.cloudget.client.fetch.FetchCommand;
import dev.cloudget.client.tasks.StatusCommand;
import dev.cloudget.client.tasks.SubmitCommand;
import dev.cloudget.client.token.TokenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The cloudget download client: mint a local token, submit a link, watch a task, fetch its files. */
@Command(name = "cloudget", mixinStandardHelpOptions = true, version = "cloudget 0.1.0",
        description = "Hand a link to the cloud, then fetch the result at full speed.",
        subcommands = {TokenCommand.class, SubmitCommand.class, StatusCommand.class, FetchCommand.class})
public final class CloudgetClient {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with cloudget's error reporting: {@code error: <message>} on stderr and exit code 1. */
    public static CommandLine commandLine() {
        return new CommandLine(new CloudgetClient())
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    command.getErr().println("error: " + describe(failure));
                    command.getErr().flush();
                    return 1;
                });
    }

    private static String describe(Exception failure) {
        if (failure instanceof CliFailure) {
            return failure.getMessage();
        }
        // anything else is a defect or an environment problem: its class name helps more than it hurts
        return failure.getMessage() == null ? failure.toString() : failure.getClass().getSimpleName() + ": "
                + failure.getMessage();
    }
}
