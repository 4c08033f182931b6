package dev.cloudget.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The repository these tests check (the module's parent directory), and the tools that render its deployments. */
final class Repository {

    static final Path ROOT = locateRoot();

    private Repository() {
    }

    private static Path locateRoot() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = module.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("docker-compose.yml")) || !Files.isDirectory(root.resolve("k8s"))) {
            throw new IllegalStateException("deployment-tests must run in its module directory, beside ../k8s and "
                    + "../docker-compose.yml (found " + module + ")");
        }
        return root;
    }

    /**
     * The service modules: every module of the root pom whose application.yml takes its port from SERVER_PORT (what
     * runs as a server, as opposed to the client and the libraries).
     */
    static List<ServiceModule> serviceModules() {
        try {
            String pom = Files.readString(ROOT.resolve("pom.xml"));
            Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
            List<ServiceModule> services = new ArrayList<>();
            while (modules.find()) {
                Path yml = ROOT.resolve(modules.group(1)).resolve("src/main/resources/application.yml");
                if (Files.isRegularFile(yml) && Files.readString(yml).contains("${SERVER_PORT")) {
                    services.add(ServiceModule.read(modules.group(1), yml));
                }
            }
            return services;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a tool to its end and returns its standard output; a missing tool or a failure fails with what it said. */
    static String run(Path directory, Map<String, String> environment, String... command) {
        String tool = command[0];
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        try {
            Path stderr = Files.createTempFile("deployment-tests", ".err");
            builder.redirectError(stderr.toFile());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AssertionError("'" + tool + "' is not installed or not on the PATH (" + e.getMessage() + "). "
                        + "deployment-tests needs kubectl (Debian: apt-get install kubernetes-client) and docker-compose "
                        + "(apt-get install docker-compose); ./cloudget test installs both when run as root.", e);
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
            }
            String err = Files.readString(stderr);
            Files.delete(stderr);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + err);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kubectl, or the one the system property {@code kubectl} names (e.g. Debian's 1.20 unpacked elsewhere). */
    static String kubectl() {
        return System.getProperty("kubectl", "kubectl");
    }

    /** This installation's kind of secrets, made by {@code ./cloudget secrets DIR} (the real generator), into dir. */
    static void generateSecrets(Path dir) {
        run(ROOT, Map.of(), ROOT.resolve("cloudget").toString(), "secrets", dir.toString());
    }

    /** A copy of k8s/ (without any secrets a user generated into it) to render with test secrets. */
    static Path copyOfK8s(Path into) {
        Path source = ROOT.resolve("k8s");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().startsWith("overlays/trial/secrets")) {
                    continue;
                }
                Path target = into.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
            return into;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
