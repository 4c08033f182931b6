package dev.cloudget.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One service running from its built jar as a separate JVM process, logging to a file. */
final class ServiceProcess implements AutoCloseable {

    private final String module;
    private final int port;
    private final LocalProcess process;

    private ServiceProcess(String module, int port, LocalProcess process) {
        this.module = module;
        this.port = port;
        this.process = process;
    }

    static ServiceProcess start(String module, int port, Path jar, Map<String, String> env, List<String> jvmOptions,
            Path logDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no built jar for " + module + " at " + jar + " (run mvn package first)");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(module + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        Map<String, String> serviceEnv = new HashMap<>(env);
        serviceEnv.put("SERVER_PORT", String.valueOf(port));
        Files.deleteIfExists(log);
        return new ServiceProcess(module, port, LocalProcess.start(module, command, serviceEnv, log));
    }

    String module() {
        return module;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return process.log();
    }

    String tail() {
        return process.tail(40);
    }

    /** The exit code once the process ended within {@code timeout}; -1 while it still runs. */
    int waitFor(java.time.Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Peak resident set size so far, in KiB, from {@code /proc/<pid>/status} (VmHWM); -1 where unknown. */
    long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        process.kill();
    }

    /** {@code kill -STOP}: the process stands still (no heartbeat, no byte), as a machine that hangs. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** {@code kill -CONT}: a paused process carries on where it stood. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        // the shell's own kill: a fresh machine may lack procps' /bin/kill
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " \"$1\"", "sh", Long.toString(pid()))
                .inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + pid() + " failed");
        }
    }

    /** {@code kill -TERM}, not waiting for the process to end. */
    void term() {
        process.term();
    }

    /** {@code kill -TERM}, waiting up to {@code grace} for the process to end. */
    void terminate(Duration grace) {
        process.stop(grace);
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(20));
    }
}
