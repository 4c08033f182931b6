package dev.cloudget.client.fetch;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.gateway.GatewayApi;
import dev.cloudget.client.gateway.GatewayOptions;
import dev.cloudget.client.gateway.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code cloudget fetch ID}: bring a completed task's files home, resumable and verified. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Download every file of a COMPLETED task, resuming partial downloads and verifying SHA-256.")
public final class FetchCommand implements Runnable {

    @Mixin
    GatewayOptions gateway;

    @Parameters(paramLabel = "ID", description = "the task id")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "where to put the files (default: the current directory)")
    Path directory;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        GatewayApi api = gateway.api();
        TaskView task = api.task(id);
        if (!TaskView.COMPLETED.equals(task.status())) {
            throw new CliFailure("task " + id + " is " + task.status() + ", not " + TaskView.COMPLETED
                    + ": nothing to fetch yet");
        }
        ResumableDownload download = new ResumableDownload(api.http());
        for (TaskView.TaskFile file : task.files()) {
            if (file.path() == null || file.entryUrl() == null || file.sha256() == null) {
                throw new CliFailure("the task lists a file without a name, entry URL or sha256 (" + file
                        + "): refusing to fetch bytes that cannot be verified");
            }
            Path target = targetOf(file.path());
            long started = System.nanoTime();
            try {
                Files.createDirectories(target.getParent());
                ResumableDownload.Result result = download.fetch(
                        api.authorized(api.resolve(file.entryUrl())).build(), target, file.sizeOrUnknown(),
                        file.sha256().toLowerCase(Locale.ROOT));
                out.println(describe(result, System.nanoTime() - started));
                out.flush();
            } catch (IOException e) {
                throw new CliFailure("cannot write " + target + ": " + e.getMessage(), e);
            }
        }
    }

    /** A file name comes from the server: it may name subdirectories, never a place outside the output directory. */
    private Path targetOf(String name) {
        Path root = directory.toAbsolutePath().normalize();
        Path target = root.resolve(name).normalize();
        if (name.isBlank() || !target.startsWith(root) || target.equals(root)) {
            throw new CliFailure("refusing a file name that leaves the output directory: " + name);
        }
        return target;
    }

    private static String describe(ResumableDownload.Result result, long nanos) {
        if (result.alreadyPresent()) {
            return "%s  %d bytes  sha256 ok (already there)".formatted(result.file(), result.size());
        }
        double mibPerSecond = result.transferred() / 1048576.0 / Math.max(nanos / 1e9, 1e-6);
        return "%s  %d bytes  sha256 ok%s  %.1f MiB/s".formatted(result.file(), result.size(),
                result.resumedFrom() > 0 ? " (resumed at byte " + result.resumedFrom() + ")" : "", mibPerSecond);
    }
}
