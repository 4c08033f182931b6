package dev.cloudget.client.fetch;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import dev.cloudget.client.gateway.GatewayApi;
import dev.cloudget.client.gateway.GatewayOptions;
import dev.cloudget.client.gateway.TaskView;
import dev.cloudget.client.report.DownloadReport;
import dev.cloudget.client.report.StatisticsReporter;
import dev.cloudget.client.terminal.ProgressBar;
import dev.cloudget.client.terminal.Terminal;
import dev.cloudget.client.terminal.Units;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** {@code cloudget get ID}: bring a completed task's files home over several connections, resumable and verified. */
@Command(name = "get", aliases = "fetch", mixinStandardHelpOptions = true,
        description = {"Download the files of a COMPLETED task from their entry addresses: segmented over several "
                + "connections, resumable (an interrupted get, even kill -9, fetches only what is missing when run "
                + "again), SHA-256 verified, renamed into place only when whole. Reports each download's statistics.",
                "Files already there and verified are left alone."})
public final class GetCommand implements Callable<Integer> {

    @Mixin
    GatewayOptions gateway;

    @Parameters(paramLabel = "ID", description = "the task id")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "where to put the files (default: the current directory)")
    Path directory;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "4",
            description = "connections per file, 1.." + SegmentedDownload.MAX_CONNECTIONS + " (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--file", paramLabel = "N",
            description = "only this file: its index in the task's file list (0 first, as status shows) or its path")
    String file;

    @Option(names = "--no-report", description = "do not report download statistics")
    boolean noReport;

    @Option(names = "--json", description = "print one JSON object per run: what was downloaded, how fast")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (connections < 1 || connections > SegmentedDownload.MAX_CONNECTIONS) {
            throw new CliFailure("-c must be 1.." + SegmentedDownload.MAX_CONNECTIONS + ", not " + connections,
                    ExitCode.USAGE);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayApi api = gateway.api();
        TaskView task = api.task(id);
        if (!task.completed()) {
            if (task.settled()) {
                throw new CliFailure("task " + id + " is " + task.status() + failureOf(task) + ": nothing to download",
                        ExitCode.TASK_FAILED);
            }
            throw new CliFailure("task " + id + " is " + task.status() + ", not " + TaskView.COMPLETED
                    + ": nothing to download yet (watch it: cloudget watch " + id + ")", ExitCode.NOT_READY);
        }
        StatisticsReporter reporter = new StatisticsReporter(api, err, !noReport);
        ProgressBar bar = new ProgressBar(out, !json && Terminal.stdoutIsTerminal());
        List<Map<String, Object>> results = new ArrayList<>();
        for (TaskView.TaskFile chosen : chosenFiles(task)) {
            results.add(download(api, task, chosen, reporter, bar));
        }
        if (json) {
            out.println(GatewayApi.pretty(Map.of("task", task.id(), "files", results)));
        }
        return ExitCode.OK;
    }

    private Map<String, Object> download(GatewayApi api, TaskView task, TaskView.TaskFile entry,
            StatisticsReporter reporter, ProgressBar bar) {
        if (entry.path() == null || entry.entryUrl() == null || entry.sha256() == null || entry.size() == null) {
            throw new CliFailure("the task lists a file without a name, size, entry URL or sha256 (" + entry
                    + "): refusing to fetch bytes that cannot be verified");
        }
        Path target = targetOf(entry.path());
        long started = System.nanoTime();
        TransferMeter meter = new TransferMeter(started);
        AtomicLong onDisk = new AtomicLong();
        AtomicLong resumedFrom = new AtomicLong(-1);
        String label = target.getFileName().toString();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long speed = meter.sample(now);
            if (!json) {
                // --json keeps stdout for the JSON document alone
                bar.show(ProgressBar.line(label, onDisk.get(), entry.size(), speed, null), now);
            }
        }, 250, 250, TimeUnit.MILLISECONDS);
        // Ctrl-C or kill (not kill -9, which nothing survives): the ledger is already on disk, say what this run did
        SegmentedDownload download = new SegmentedDownload(api.http(), connections);
        Thread interrupted = new Thread(() -> {
            // the connections stop first: what is then on disk (and in the ledger) is what this says
            download.stop(Duration.ofSeconds(2));
            ticker.shutdownNow();
            bar.interrupt();
            spec.commandLine().getErr().println("interrupted: " + onDisk.get() + " of " + entry.size() + " bytes of "
                    + label + " on disk; run get again to resume");
            spec.commandLine().getErr().flush();
            reporter.send(report(task, entry, meter, System.nanoTime(), DownloadReport.Result.INTERRUPTED,
                    "interrupted", resumedFrom.get() > 0));
        }, "get-interrupted");
        Runtime.getRuntime().addShutdownHook(interrupted);
        SegmentedDownload.Result result;
        try {
            Files.createDirectories(target.getParent());
            result = download.fetch(
                    api.authorized(api.resolve(entry.entryUrl())).build(), target, entry.size(),
                    entry.sha256().toLowerCase(Locale.ROOT), meter, (bytes, size) -> {
                        resumedFrom.compareAndSet(-1, bytes);
                        onDisk.set(bytes);
                    });
        } catch (CliFailure | IOException e) {
            if (e instanceof CliFailure cli && cli.alreadyReported()) {
                throw cli; // stopped by the shutdown hook, which reports and says what is on disk
            }
            stopWatching(ticker, interrupted);
            bar.interrupt();
            CliFailure failure = e instanceof CliFailure cli ? cli
                    : new CliFailure("cannot write " + target + ": " + e.getMessage(), e);
            reporter.send(report(task, entry, meter, System.nanoTime(), DownloadReport.Result.FAILURE,
                    failure.getMessage(), resumedFrom.get() > 0));
            throw failure;
        }
        stopWatching(ticker, interrupted);
        long now = System.nanoTime();
        long average = meter.averageBytesPerSecond(now);
        String done = result.alreadyPresent()
                ? "%s  %s  sha256 ok (already there)".formatted(target, Units.bytes(result.size()))
                : "%s  %s  sha256 ok  %s in %.1f s, %s over %d connection%s%s".formatted(target,
                        Units.bytes(result.size()), Units.bytes(result.transferred()), meter.elapsedMillis(now) / 1000.0,
                        Units.speed(average), result.connections(), result.connections() == 1 ? "" : "s",
                        result.resumedFrom() > 0 ? " (resumed: " + Units.bytes(result.resumedFrom()) + " were on disk)" : "");
        if (!json) { // with --json, stdout carries only the JSON document
            if (bar.terminal() && !result.alreadyPresent()) {
                bar.finish(ProgressBar.line(label, result.size(), result.size(), average, "done"));
            }
            spec.commandLine().getOut().println(done);
        }
        spec.commandLine().getOut().flush();
        if (!result.alreadyPresent()) {
            // nothing was fetched for a file already there: no download to report
            reporter.send(report(task, entry, meter, now, DownloadReport.Result.SUCCESS, null, result.resumedFrom() > 0,
                    result.connections()));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("file", entry.id());
        summary.put("path", target.toString());
        summary.put("size", result.size());
        summary.put("sha256", entry.sha256());
        summary.put("alreadyPresent", result.alreadyPresent());
        summary.put("resumedFrom", result.resumedFrom());
        summary.put("bytes", result.transferred());
        summary.put("durationMillis", meter.elapsedMillis(now));
        summary.put("averageBytesPerSecond", average);
        summary.put("peakBytesPerSecond", meter.peakBytesPerSecond(now));
        summary.put("connections", result.connections());
        return summary;
    }

    private DownloadReport report(TaskView task, TaskView.TaskFile entry, TransferMeter meter, long now,
            DownloadReport.Result outcome, String error, boolean resumed) {
        return report(task, entry, meter, now, outcome, error, resumed, connections);
    }

    private static DownloadReport report(TaskView task, TaskView.TaskFile entry, TransferMeter meter, long now,
            DownloadReport.Result outcome, String error, boolean resumed, int connections) {
        return new DownloadReport(task.id(), entry.id(), entry.size(), meter.transferred(), meter.elapsedMillis(now),
                meter.averageBytesPerSecond(now), meter.peakBytesPerSecond(now), connections, outcome, error, resumed,
                DownloadReport.CLIENT);
    }

    private static void stopWatching(ScheduledExecutorService ticker, Thread interrupted) {
        ticker.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(interrupted);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting already: the hook runs and reports the interruption
        }
    }

    private List<TaskView.TaskFile> chosenFiles(TaskView task) {
        if (file == null) {
            return task.files();
        }
        if (file.matches("\\d{1,9}")) {
            int index = Integer.parseInt(file);
            if (index >= task.files().size()) {
                throw new CliFailure("task " + task.id() + " has " + task.files().size() + " file(s): no file " + index,
                        ExitCode.NOT_FOUND);
            }
            return List.of(task.files().get(index));
        }
        return task.files().stream().filter(candidate -> file.equals(candidate.path())).findFirst().map(List::of)
                .orElseThrow(() -> new CliFailure("task " + task.id() + " has no file " + file, ExitCode.NOT_FOUND));
    }

    private static String failureOf(TaskView task) {
        return task.failure() == null ? "" : " (" + task.failure().type() + ": " + task.failure().detail() + ")";
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
}
