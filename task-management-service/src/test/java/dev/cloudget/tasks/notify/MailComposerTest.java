package dev.cloudget.tasks.notify;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MailComposerTest {

    private static final Instant UNTIL = Instant.parse("2030-01-08T00:00:00Z");

    @Test
    void completionMailListsEveryFileWithItsEntryUrl() {
        List<FileLink> files = List.of(
                new FileLink("disk.iso", 3L * 1024 * 1024 * 1024, "https://cloudget.test/api/v1/files/1/content", UNTIL),
                new FileLink("disk.iso.sig", 100, "https://cloudget.test/api/v1/files/2/content", UNTIL));

        Mail mail = MailComposer.completed(UUID.randomUUID(), "https://origin.example/disk.iso", files,
                "https://cloudget.test/z/all.zip");

        assertThat(mail.text()).contains("disk.iso (3.0 GiB)", "https://cloudget.test/api/v1/files/1/content",
                "disk.iso.sig (100 B)", "https://cloudget.test/api/v1/files/2/content", "2030-01-08 00:00 UTC",
                "https://cloudget.test/z/all.zip");
        assertThat(mail.html()).contains("<a href=\"https://cloudget.test/api/v1/files/1/content\">disk.iso</a>",
                "3.0 GiB", "https://cloudget.test/z/all.zip", "2030-01-08 00:00 UTC");
        assertThat(mail.subject()).startsWith("cloudget: ready").contains("origin.example");
    }

    @Test
    void singleFileMailIsNamedAfterTheFile() {
        Mail mail = MailComposer.completed(UUID.randomUUID(), "https://origin.example/x?id=1",
                List.of(new FileLink("report.pdf", 2048, "https://cloudget.test/f", UNTIL)), null);

        assertThat(mail.subject()).isEqualTo("cloudget: ready - report.pdf");
        assertThat(mail.text()).contains("1 file, 2.0 KiB:", "report.pdf (2.0 KiB)");
    }

    @Test
    void failureMailSaysWhy() {
        Mail mail = MailComposer.failed(UUID.randomUUID(), "https://origin.example/missing", "origin-http-status",
                "HTTP 404");

        assertThat(mail.subject()).startsWith("cloudget: failed");
        assertThat(mail.text()).contains("origin-http-status - HTTP 404", "https://origin.example/missing");
        assertThat(mail.html()).contains("<strong>origin-http-status</strong>", "HTTP 404");
    }

    @Test
    void subjectStaysOneShortLine() {
        String hostile = "https://origin.example/" + "a".repeat(300) + "\r\nBcc: victim@example.test";

        Mail mail = MailComposer.failed(UUID.randomUUID(), hostile, "timeout", null);

        assertThat(mail.subject()).doesNotContain("\r", "\n").hasSizeLessThanOrEqualTo(140);
    }

    @Test
    void escapesWhatTheUserTypedInTheHtmlPart() {
        Mail mail = MailComposer.completed(UUID.randomUUID(), "https://origin.example/<script>alert(1)</script>",
                List.of(new FileLink("<img src=x onerror=alert(1)>.txt", 1, "https://cloudget.test/f?a=1&b=\"2\"",
                        UNTIL)), null);

        assertThat(mail.html()).doesNotContain("<script>", "<img").contains("&lt;script&gt;", "&lt;img src=x",
                "a=1&amp;b=&quot;2&quot;");
    }

    @Test
    void expiryMailsSayWhenAndWhatToDo() {
        UUID task = UUID.randomUUID();
        Mail expiring = MailComposer.expiring(task, "https://origin.example/a.iso",
                List.of(new FileLink("a.iso", 5, "https://cloudget.test/f", UNTIL)), UNTIL);
        Mail expired = MailComposer.expired(task, "https://origin.example/a.iso", false);

        assertThat(expiring.subject()).isEqualTo("cloudget: expiring - a.iso");
        assertThat(expiring.text()).contains("2030-01-08 00:00 UTC", "PATCH /api/v1/tasks/" + task);
        assertThat(expired.subject()).startsWith("cloudget: expired");
        assertThat(expired.text()).contains("Submit the link again");
    }

    @Test
    void anSmsIsOneSegmentWithTheLinkOfASingleFile() {
        String link = "https://cloudget.test/d/0b1c/file.iso?expires=1&signature=abc";
        String sms = MailComposer.sms("ready", "https://origin.example/x",
                List.of(new FileLink("a-very-long-name-".repeat(12) + ".iso", 5, link, UNTIL)));

        assertThat(sms).startsWith("cloudget: ready - ").endsWith(" " + link);
        assertThat(sms.length()).isLessThanOrEqualTo(MailComposer.SMS_LENGTH + 20);
    }
}
