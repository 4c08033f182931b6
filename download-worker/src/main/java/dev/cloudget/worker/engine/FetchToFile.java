package dev.cloudget.worker.engine;

import dev.cloudget.platform.guard.Allowlist;
import dev.cloudget.platform.guard.DestinationGuard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The worker's HTTP engine alone, fetching one URL into a local file — what aria2c or curl do — for ops checking
 * how the worker sees an origin and for {@code bench/engine.sh}. The same guard, limits and segmenting as a job,
 * without the object store. Run from the worker's jar:
 * {@code java -cp download-worker.jar -Dloader.main=dev.cloudget.worker.engine.FetchToFile
 * org.springframework.boot.loader.launch.PropertiesLauncher URL FILE [ALLOWED...]}, where ALLOWED opens non-public
 * destinations as {@code CLOUDGET_ALLOWLIST} does. Prints the SHA-256 and the size.
 *
 * <p>{@code --stdin DIR [ALLOWED...]} keeps one engine in one JVM, as a running worker does, and fetches each
 * {@code URL FILE} line read from standard input (scratch files in DIR), printing {@code SHA-256 SIZE} or
 * {@code error SLUG DETAIL} per line: how the bench times the engine warm.
 */
public final class FetchToFile {

    private FetchToFile() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FetchToFile URL FILE [ALLOWED-CIDR-OR-HOST:PORT...]");
            System.err.println("       FetchToFile --stdin SCRATCH-DIR [ALLOWED...]   (lines: URL FILE)");
            System.exit(2);
        }
        boolean lines = args[0].equals("--stdin");
        Path scratch = lines ? Path.of(args[1]) : Path.of(args[1]).toAbsolutePath().getParent();
        List<String> allowed = Arrays.asList(args).subList(2, args.length);
        try (HttpEngine engine = new HttpEngine(new DestinationGuard(Allowlist.parse(allowed)),
                new HttpEngineProperties(null, null, 10, null, null, null, null, null, null, null, null), scratch)) {
            if (!lines) {
                String answer = fetch(engine, URI.create(args[0]), Path.of(args[1]));
                System.out.println(answer);
                System.exit(answer.startsWith("error ") ? 1 : 0);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] request = line.strip().split("\\s+");
                System.out.println(request.length == 2 ? fetch(engine, URI.create(request[0]), Path.of(request[1]))
                        : "error usage each line is: URL FILE");
                System.out.flush();
            }
        }
    }

    private static String fetch(HttpEngine engine, URI url, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target)) {
            FetchedFile file = engine.fetch(url, (body, length) -> body.transferTo(out), ProgressListener.NONE);
            return file.sha256().hex() + " " + file.size();
        } catch (DownloadException e) {
            return "error " + e.type().slug() + " " + e.detail();
        }
    }
}
