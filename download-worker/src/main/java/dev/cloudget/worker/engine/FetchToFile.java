package dev.cloudget.worker.engine;

import dev.cloudget.worker.guard.Allowlist;
import dev.cloudget.worker.guard.DestinationGuard;

import java.io.OutputStream;
import java.net.URI;
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
 */
public final class FetchToFile {

    private FetchToFile() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FetchToFile URL FILE [ALLOWED-CIDR-OR-HOST:PORT...]");
            System.exit(2);
        }
        Path target = Path.of(args[1]);
        Path scratch = target.toAbsolutePath().getParent();
        List<String> allowed = Arrays.asList(args).subList(2, args.length);
        try (HttpEngine engine = new HttpEngine(new DestinationGuard(Allowlist.parse(allowed)),
                new HttpEngineProperties(null, null, 10, null, null, null, null, null, null, null, null), scratch);
             OutputStream out = Files.newOutputStream(target)) {
            FetchedFile file = engine.fetch(URI.create(args[0]), (body, length) -> body.transferTo(out),
                    ProgressListener.NONE);
            System.out.println(file.sha256().hex() + " " + file.size());
        } catch (DownloadException e) {
            System.err.println(e.type().slug() + ": " + e.detail());
            System.exit(1);
        }
    }
}
