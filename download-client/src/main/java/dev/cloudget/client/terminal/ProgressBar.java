package dev.cloudget.client.terminal;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One progress line: on a terminal a bar redrawn in place with {@code \r} (label, bar, percent, bytes, speed, ETA);
 * elsewhere (a pipe, a log file) a plain line now and then, so a log is not flooded with redraws.
 */
public final class ProgressBar {

    private static final int BAR_WIDTH = 24;
    /** Plain lines come at most this often. */
    private static final long PLAIN_EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private int lastWidth;
    private long lastPlain = Long.MIN_VALUE;
    private boolean drawn;

    public ProgressBar(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** The line itself, for a total of -1 (unknown) too. */
    public static String line(String label, long done, long total, long bytesPerSecond, String state) {
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            int percent = (int) Math.min(100, done * 100 / total);
            int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
            line.append('[').append("=".repeat(filled));
            if (filled < BAR_WIDTH) {
                line.append('>').append(" ".repeat(BAR_WIDTH - filled - 1));
            }
            line.append("] ").append(String.format(Locale.ROOT, "%3d%%", percent));
        } else {
            line.append("[").append(" ".repeat(BAR_WIDTH)).append("]    ?");
        }
        line.append("  ").append(Units.bytes(done)).append(" / ").append(Units.bytes(total))
                .append("  ").append(Units.speed(bytesPerSecond))
                .append("  ETA ").append(total > 0 ? Units.eta(total - done, bytesPerSecond) : "--:--");
        if (state != null) {
            line.append("  ").append(state);
        }
        return line.toString();
    }

    /** Shows where a transfer stands: redrawn in place on a terminal, else a plain line at most every 5 s. */
    public synchronized void show(String line, long now) {
        show(line, now, false);
    }

    /** As {@link #show(String, long)}; {@code news} (a new status, say) prints a plain line at once. */
    public synchronized void show(String line, long now, boolean news) {
        if (terminal) {
            // pad over what the last, longer line left behind
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            drawn = true;
            out.flush();
        } else if (news || lastPlain == Long.MIN_VALUE || now - lastPlain >= PLAIN_EVERY_NANOS) {
            out.println(line);
            out.flush();
            lastPlain = now;
        }
    }

    /** Ends the bar's line, so that whatever is printed next starts on a line of its own. */
    public synchronized void finish(String line) {
        if (terminal) {
            show(line, 0);
            out.println();
        } else {
            out.println(line);
        }
        out.flush();
        drawn = false;
        lastWidth = 0;
    }

    /** Ends a redrawn line without a final state (before an error message). */
    public synchronized void interrupt() {
        if (terminal && drawn) {
            out.println();
            out.flush();
            drawn = false;
        }
    }

    public boolean terminal() {
        return terminal;
    }
}
