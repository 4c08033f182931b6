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

        Mail mail = MailComposer.completed(UUID.randomUUID(), "https://origin.example/disk.iso", files);

        assertThat(mail.body()).contains("disk.iso (3.0 GiB)", "https://cloudget.test/api/v1/files/1/content",
                "disk.iso.sig (100 B)", "https://cloudget.test/api/v1/files/2/content", UNTIL.toString());
        assertThat(mail.subject()).startsWith("cloudget: ready").contains("origin.example");
    }

    @Test
    void singleFileMailIsNamedAfterTheFile() {
        Mail mail = MailComposer.completed(UUID.randomUUID(), "https://origin.example/x?id=1",
                List.of(new FileLink("report.pdf", 2048, "https://cloudget.test/f", UNTIL)));

        assertThat(mail.subject()).isEqualTo("cloudget: ready - report.pdf");
        assertThat(mail.body()).contains("1 file:", "report.pdf (2.0 KiB)");
    }

    @Test
    void failureMailSaysWhy() {
        Mail mail = MailComposer.failed(UUID.randomUUID(), "https://origin.example/missing", "origin-http-status",
                "HTTP 404");

        assertThat(mail.subject()).startsWith("cloudget: failed");
        assertThat(mail.body()).contains("origin-http-status - HTTP 404", "https://origin.example/missing");
    }

    @Test
    void subjectStaysOneShortLine() {
        String hostile = "https://origin.example/" + "a".repeat(300) + "\r\nBcc: victim@example.test";

        Mail mail = MailComposer.failed(UUID.randomUUID(), hostile, "timeout", null);

        assertThat(mail.subject()).doesNotContain("\r", "\n").hasSizeLessThanOrEqualTo(140);
    }
}
