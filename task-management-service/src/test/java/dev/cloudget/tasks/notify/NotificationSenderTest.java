package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.TasksProperties;
import dev.cloudget.tasks.notify.persistence.NotificationStore.PendingEmail;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSender;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationSenderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void retriesSoonFirstThenBackOffToAtMostAnHour() {
        assertThat(NotificationSender.retryDelay(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(NotificationSender.retryDelay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(NotificationSender.retryDelay(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(NotificationSender.retryDelay(30)).isEqualTo(Duration.ofHours(1));
        assertThat(NotificationSender.retryDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anyExceptionFromTheMailerIsThatEmailsFailureNotTheBatchs() {
        NotificationSender sender = sender(messages -> {
            throw new IllegalStateException("the mail library broke");
        }, 10);

        NotificationSender.Attempt attempt = sender.attempt(email(2));

        assertThat(attempt).isEqualTo(new NotificationSender.Attempt.Retry(
                "java.lang.IllegalStateException: the mail library broke", NOW.plusSeconds(20)));
    }

    @Test
    void givesUpAtTheConfiguredNumberOfAttempts() {
        NotificationSender sender = sender(messages -> {
            throw new IllegalStateException("refused");
        }, 3);

        assertThat(sender.attempt(email(1))).isInstanceOf(NotificationSender.Attempt.Retry.class);
        assertThat(sender.attempt(email(2))).isInstanceOf(NotificationSender.Attempt.GivenUp.class);
    }

    @Test
    void sendsThroughTheMailer() {
        NotificationSender sender = sender(messages -> {
        }, 3);

        assertThat(sender.attempt(email(0))).isInstanceOf(NotificationSender.Attempt.Sent.class);
    }

    private static NotificationSender sender(MailSender mail, int maxAttempts) {
        TasksProperties properties = new TasksProperties(URI.create("https://cloudget.test"),
                URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082"), URI.create("http://127.0.0.1:8086"), Duration.ofSeconds(1),
                "cloudget@localhost");
        return new NotificationSender(null, mail, null, Clock.fixed(NOW, ZoneOffset.UTC), properties,
                new NotificationProperties(maxAttempts));
    }

    private static PendingEmail email(int attemptsSoFar) {
        return new PendingEmail(1, "someone@example.test", "subject", "body", attemptsSoFar);
    }
}
