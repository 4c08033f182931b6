package dev.cloudget.client.tasks;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import dev.cloudget.client.gateway.GatewayApi;
import dev.cloudget.client.gateway.GatewayOptions;
import dev.cloudget.client.gateway.SubmitTask;
import dev.cloudget.client.terminal.ProgressBar;
import dev.cloudget.client.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code cloudget add SOURCE}: hand a link, a .torrent or a Metalink to the cloud, and go away (or --wait). */
@Command(name = "add", aliases = "submit", mixinStandardHelpOptions = true,
        description = {"Hand something to the cloud to fetch: a link (http, https, ftp, magnet, ed2k, thunder…), a "
                + ".torrent file (uploaded, then the chosen --files), or a Metalink file (.meta4, .metalink). Prints "
                + "the task id and its status.",
                "Each add carries an Idempotency-Key (a new one, or --idempotency-key): the client's own retries, and "
                        + "a script's retry with the same key, make one task."})
public final class AddCommand implements Callable<Integer> {

    /** Larger than any torrent or Metalink the services take, small enough to hold in memory. */
    private static final int MAX_DOCUMENT_BYTES = 16 << 20;

    @Mixin
    GatewayOptions gateway;

    @Parameters(paramLabel = "SOURCE", description = "a link, or the path of a .torrent, .meta4 or .metalink file")
    String source;

    @Option(names = "--files", paramLabel = "N", split = ",",
            description = "of a torrent or magnet: the indices of the files to fetch (0 first), e.g. 1,3; all when omitted")
    List<Integer> files;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "also mail this address when the task ends")
    String email;

    @Option(names = "--phone", paramLabel = "+E164", description = "also text this number when the task ends")
    String phone;

    @Option(names = "--callback-url", paramLabel = "URL", description = "also POST the task to this URL when it ends")
    String callbackUrl;

    @Option(names = "--valid-days", paramLabel = "DAYS",
            description = "how long the result stays in the cloud (the server's default when omitted)")
    Integer validDays;

    @Option(names = "--wait", description = "wait until the task is COMPLETED (exit 0) or FAILED/CANCELLED (exit 4)")
    boolean waitForIt;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "the key of this submit (default: a new UUID); the same key again answers the same task")
    String idempotencyKey;

    @Option(names = "--json", description = "print the task as JSON (with --wait: its final state)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (phone != null && !phone.matches("\\+[1-9]\\d{1,14}")) {
            throw new CliFailure("--phone must be in E.164 form, like +14155550100: " + phone, ExitCode.USAGE);
        }
        if (files != null && files.stream().anyMatch(index -> index < 0)) {
            throw new CliFailure("--files are indices from 0: " + files, ExitCode.USAGE);
        }
        GatewayApi api = gateway.api();
        String key = idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString();
        SubmitTask.Options options = new SubmitTask.Options(files, email, phone, callbackUrl, validDays);
        JsonNode task = submit(api, options, key);
        PrintWriter out = spec.commandLine().getOut();
        String id = task.path("id").asString();
        if (!waitForIt) {
            out.println(json ? GatewayApi.pretty(task) : id + " " + task.path("status").asString());
            return ExitCode.OK;
        }
        if (!json) {
            out.println(id);
        }
        TaskProgress progress = new TaskProgress(new ProgressBar(out, Terminal.stdoutIsTerminal()));
        JsonNode settled = GatewayApi.task(task).settled() ? task : new TaskEvents(api).follow(id, state -> {
            if (!json) {
                progress.show(state);
            }
        });
        if (json) {
            out.println(GatewayApi.pretty(settled));
        } else if (settled == task) {
            progress.show(task);
        }
        out.flush();
        return TaskEvents.exitCodeOf(GatewayApi.task(settled));
    }

    private JsonNode submit(GatewayApi api, SubmitTask.Options options, String key) {
        Path file = localFile();
        if (file == null) {
            return api.submit(SubmitTask.link(source, options), key);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        byte[] document = read(file);
        if (name.endsWith(".torrent")) {
            JsonNode seed = api.uploadTorrent(document);
            String seedId = seed.path("seedId").asString(null);
            if (seedId == null) {
                throw new CliFailure("the seed database answered the upload of " + file + " without a seedId");
            }
            return api.submit(SubmitTask.torrent(seedId, options), key);
        }
        if (options.files() != null) {
            throw new CliFailure("--files selects files of a torrent or magnet, not of a Metalink", ExitCode.USAGE);
        }
        String mediaType = name.endsWith(".meta4") ? "application/metalink4+xml" : "application/metalink+xml";
        return api.submitMetalink(document, mediaType, options, key);
    }

    /** A path to a .torrent, .meta4 or .metalink file; null for a link. Another existing file is a mistake. */
    private Path localFile() {
        String lower = source.toLowerCase(Locale.ROOT);
        boolean document = lower.endsWith(".torrent") || lower.endsWith(".meta4") || lower.endsWith(".metalink");
        if (source.matches("(?i)[a-z][a-z0-9+.-]*:.*") && !source.matches("(?i)[a-z]:[\\\\/].*")) {
            // a link (http:, magnet:, ed2k:…), even one that ends in .torrent: the cloud fetches it
            return null;
        }
        Path path = Path.of(source);
        if (Files.isRegularFile(path) && document) {
            return path;
        }
        if (document) {
            throw new CliFailure("no such file: " + source, ExitCode.NOT_FOUND);
        }
        throw new CliFailure("not a link (scheme://…, magnet:…) nor a .torrent, .meta4 or .metalink file: " + source,
                ExitCode.USAGE);
    }

    private static byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            if (bytes.length > MAX_DOCUMENT_BYTES) {
                throw new CliFailure(file + " is larger than " + (MAX_DOCUMENT_BYTES >> 20) + " MiB: not a torrent or "
                        + "Metalink the cloud takes", ExitCode.USAGE);
            }
            return bytes;
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
