package dev.cloudget.tasks.notify;

import org.springframework.web.util.HtmlUtils;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes what subscribers are told, by email (a text and an HTML part) and by SMS (one short text). Pure: no I/O.
 * Everything a user typed (the source, file names) is escaped in the HTML part.
 */
public final class MailComposer {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** One SMS segment of GSM-7 text; a longer one costs the subscriber several. */
    static final int SMS_LENGTH = 160;

    private MailComposer() {
    }

    public static Mail completed(UUID task, String source, List<FileLink> files, String zipUrl) {
        Instant validUntil = files.stream().map(FileLink::validUntil).min(Instant::compareTo).orElse(null);
        long total = files.stream().mapToLong(FileLink::size).sum();
        StringBuilder text = new StringBuilder()
                .append("Your cloudget download is ready.\n\n")
                .append("Source: ").append(oneLine(source)).append('\n')
                .append("Task:   ").append(task).append("\n\n")
                .append(files.size() == 1 ? "1 file" : files.size() + " files").append(", ")
                .append(humanBytes(total)).append(":\n");
        StringBuilder rows = new StringBuilder();
        for (FileLink file : files) {
            text.append("\n  ").append(oneLine(file.name())).append(" (").append(humanBytes(file.size())).append(")\n")
                    .append("  ").append(file.url()).append('\n');
            rows.append("<tr><td style=\"padding:4px 12px 4px 0\"><a href=\"").append(html(file.url())).append("\">")
                    .append(html(file.name())).append("</a></td><td style=\"padding:4px 0;text-align:right\">")
                    .append(html(humanBytes(file.size()))).append("</td></tr>\n");
        }
        if (zipUrl != null && files.size() > 1) {
            text.append("\nAll files as one ZIP:\n  ").append(zipUrl).append('\n');
        }
        if (validUntil != null) {
            text.append("\nThe links work in any browser or download manager, with resume, until ")
                    .append(WHEN.format(validUntil)).append(".\n");
        }
        String body = "<p>Your cloudget download is ready.</p>\n"
                + "<p>Source: " + html(source) + "<br>Task: <code>" + task + "</code></p>\n"
                + "<table style=\"border-collapse:collapse\">\n" + rows + "</table>\n"
                + (zipUrl != null && files.size() > 1
                        ? "<p><a href=\"" + html(zipUrl) + "\">All files as one ZIP</a></p>\n" : "")
                + (validUntil == null ? "" : "<p>The links work in any browser or download manager, with resume, until "
                        + html(WHEN.format(validUntil)) + ".</p>\n");
        return new Mail("cloudget: ready - " + subjectName(source, files), text.toString(), page(body));
    }

    public static Mail failed(UUID task, String source, String failureType, String detail) {
        String reason = failureType + (detail == null || detail.isBlank() ? "" : " - " + detail);
        String text = "Your cloudget download failed.\n\n"
                + "Source: " + oneLine(source) + '\n'
                + "Task:   " + task + "\n\n"
                + "Reason: " + oneLine(reason) + '\n';
        String body = "<p>Your cloudget download failed.</p>\n"
                + "<p>Source: " + html(source) + "<br>Task: <code>" + task + "</code></p>\n"
                + "<p>Reason: <strong>" + html(failureType) + "</strong>"
                + (detail == null || detail.isBlank() ? "" : " &ndash; " + html(detail)) + "</p>\n";
        return new Mail("cloudget: failed - " + shorten(source), text, page(body));
    }

    public static Mail expiring(UUID task, String source, List<FileLink> files, Instant validUntil) {
        String text = "The files of your cloudget download will be removed at " + WHEN.format(validUntil) + ".\n\n"
                + "Source: " + oneLine(source) + '\n'
                + "Task:   " + task + "\n\n"
                + "Fetch them before then, or extend the task's valid period (PATCH /api/v1/tasks/" + task
                + " with validDays).\n";
        StringBuilder list = new StringBuilder();
        for (FileLink file : files) {
            list.append("<li><a href=\"").append(html(file.url())).append("\">").append(html(file.name()))
                    .append("</a> (").append(html(humanBytes(file.size()))).append(")</li>\n");
        }
        String body = "<p>The files of your cloudget download will be removed at <strong>"
                + html(WHEN.format(validUntil)) + "</strong>.</p>\n"
                + "<p>Source: " + html(source) + "<br>Task: <code>" + task + "</code></p>\n"
                + "<ul>\n" + list + "</ul>\n"
                + "<p>Fetch them before then, or extend the task's valid period.</p>\n";
        return new Mail("cloudget: expiring - " + subjectName(source, files), text, page(body));
    }

    public static Mail expired(UUID task, String source, boolean lost) {
        String why = lost ? "Its stored files were lost." : "Its valid period ended and its files were removed.";
        String text = "Your cloudget download is no longer available.\n\n"
                + "Source: " + oneLine(source) + '\n'
                + "Task:   " + task + "\n\n"
                + why + " Submit the link again to fetch it anew.\n";
        String body = "<p>Your cloudget download is no longer available.</p>\n"
                + "<p>Source: " + html(source) + "<br>Task: <code>" + task + "</code></p>\n"
                + "<p>" + html(why) + " Submit the link again to fetch it anew.</p>\n";
        return new Mail("cloudget: expired - " + shorten(source), text, page(body));
    }

    /** One SMS: what happened, the name and, for a single file, its link. At most a few segments. */
    public static String sms(String what, String source, List<FileLink> files) {
        String name = files.size() == 1 ? files.getFirst().name() : source;
        String link = files.size() == 1 ? " " + files.getFirst().url() : "";
        String head = "cloudget: " + what + " - ";
        int room = Math.max(20, SMS_LENGTH - head.length() - link.length());
        String shortName = oneLine(name).length() <= room ? oneLine(name) : oneLine(name).substring(0, room - 3) + "...";
        return head + shortName + link;
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
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String page(String body) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>cloudget</title></head>\n"
                + "<body style=\"font-family:sans-serif;font-size:14px;line-height:1.4\">\n" + body
                + "<p style=\"color:#777;font-size:12px\">Sent by cloudget because this address was given for the task."
                + "</p>\n</body></html>\n";
    }

    static String html(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }

    private static String subjectName(String source, List<FileLink> files) {
        if (files.size() == 1) {
            return shorten(files.getFirst().name());
        }
        return shorten(source);
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ");
    }

    /** Subjects stay one short line whatever the user pasted. */
    private static String shorten(String text) {
        String oneLine = oneLine(text);
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
