package dev.cloudget.client.terminal;

import java.util.Locale;

/** Sizes, speeds and durations as people read them: 1024-based units, ETA as h:mm:ss. */
public final class Units {

    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {
    }

    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < BINARY.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BINARY[unit]);
    }

    public static String speed(long bytesPerSecond) {
        return bytes(Math.max(0, bytesPerSecond)) + "/s";
    }

    /** {@code m:ss} or {@code h:mm:ss}; {@code --:--} when the speed says nothing yet. */
    public static String eta(long bytesLeft, long bytesPerSecond) {
        if (bytesLeft <= 0) {
            return "0:00";
        }
        if (bytesPerSecond <= 0) {
            return "--:--";
        }
        long seconds = (bytesLeft + bytesPerSecond - 1) / bytesPerSecond;
        if (seconds >= 100 * 3600) {
            return "--:--";
        }
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
