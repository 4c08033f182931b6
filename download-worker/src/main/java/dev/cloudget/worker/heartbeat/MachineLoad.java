package dev.cloudget.worker.heartbeat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's load as the heartbeat reports it: free scratch disk and CPU load. */
final class MachineLoad {

    private final Path scratchDir;
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    MachineLoad(Path scratchDir) {
        this.scratchDir = scratchDir;
        try {
            Files.createDirectories(scratchDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create scratch dir " + scratchDir, e);
        }
    }

    long freeDiskBytes() {
        return scratchDir.toFile().getUsableSpace();
    }

    /** Whole-machine CPU use in [0, 1]; the load average per core where the JVM cannot tell. */
    double cpuLoad() {
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            double load = hotspot.getCpuLoad();
            if (load >= 0) {
                return load;
            }
        }
        double average = os.getSystemLoadAverage();
        return average < 0 ? 0 : Math.min(1.0, average / os.getAvailableProcessors());
    }
}
