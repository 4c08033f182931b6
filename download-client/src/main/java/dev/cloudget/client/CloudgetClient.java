package dev.cloudget.client;

import dev.cloudget.client.config.LoginCommand;
import dev.cloudget.client.fetch.GetCommand;
import dev.cloudget.client.tasks.AddCommand;
import dev.cloudget.client.tasks.ListCommand;
import dev.cloudget.client.tasks.RemoveCommand;
import dev.cloudget.client.tasks.StatusCommand;
import dev.cloudget.client.tasks.WatchCommand;
import dev.cloudget.client.token.TokenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The cloudget download client: log in, hand links to the cloud, watch them, download the results. */
@Command(name = "cloudget", mixinStandardHelpOptions = true, version = "cloudget-cli 0.1.0",
        description = "Hand a link to the cloud, then download the result at full speed.",
        subcommands = {LoginCommand.class, AddCommand.class, ListCommand.class, StatusCommand.class,
                WatchCommand.class, GetCommand.class, RemoveCommand.class, TokenCommand.class},
        footer = {"", ExitCode.TABLE})
public final class CloudgetClient {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with cloudget's error reporting: {@code error: <message>} on stderr and the failure's exit code. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CloudgetClient())
                .setExecutionExceptionHandler((failure, command, parsed) -> {
                    if (failure instanceof CliFailure cli && cli.alreadyReported()) {
                        return cli.exitCode();
                    }
                    command.getErr().println("error: " + describe(failure));
                    command.getErr().flush();
                    return failure instanceof CliFailure cli ? cli.exitCode() : ExitCode.ERROR;
                });
        // every subcommand's --help shows the exit codes too
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage()
                .footer("", ExitCode.TABLE));
        return commandLine;
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
