package dev.cloudget.tasks.notify;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Writes the emails subscribers get when their task completes or fails. Pure: no I/O. */
public final class MailComposer {

    private MailComposer() {
    }

    public static Mail completed(UUID task, String source, List<FileLink> files) {
        StringBuilder body = new StringBuilder()
                .append("Your cloudget download is ready.\n\n")
                .append("Source: ").append(source).append('\n')
                .append("Task:   ").append(task).append("\n\n")
                .append(files.size() == 1 ? "1 file:\n" : files.size() + " files:\n");
        Instant validUntil = null;
        for (FileLink file : files) {
            body.append("\n  ").append(file.name()).append(" (").append(humanBytes(file.size())).append(")\n")
                    .append("  ").append(file.url()).append('\n');
            validUntil = validUntil == null || file.validUntil().isBefore(validUntil) ? file.validUntil() : validUntil;
        }
        if (validUntil != null) {
            body.append("\nThe links are valid until ").append(validUntil).append(".\n");
        }
        return new Mail("cloudget: ready - " + subjectName(source, files), body.toString());
    }

    public static Mail failed(UUID task, String source, String failureType, String detail) {
        String body = "Your cloudget download failed.\n\n"
                + "Source: " + source + '\n'
                + "Task:   " + task + "\n\n"
                + "Reason: " + failureType + (detail == null || detail.isBlank() ? "" : " - " + detail) + '\n';
        return new Mail("cloudget: failed - " + shorten(source), body);
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String subjectName(String source, List<FileLink> files) {
        if (files.size() == 1) {
            return shorten(files.getFirst().name());
        }
        return shorten(source);
    }

    /** Subjects stay one short line whatever the user pasted. */
    private static String shorten(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
