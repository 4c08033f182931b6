package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.task.NotifyEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

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
    void anyExceptionFromADeliveryIsThatMessagesFailureNotTheOthers() {
        NotificationSender sender = sender(message -> {
            throw new IllegalStateException("the mail library broke");
        }, 10);

        NotificationSender.Attempt attempt = sender.attempt(email(2));

        assertThat(attempt).isEqualTo(new NotificationSender.Attempt.Retry(
                "java.lang.IllegalStateException: the mail library broke", NOW.plusSeconds(20)));
    }

    @Test
    void givesUpAtTheConfiguredNumberOfAttempts() {
        NotificationSender sender = sender(message -> {
            throw new DeliveryFailure("refused", false);
        }, 3);

        assertThat(sender.attempt(email(1))).isInstanceOf(NotificationSender.Attempt.Retry.class);
        assertThat(sender.attempt(email(2))).isInstanceOf(NotificationSender.Attempt.GivenUp.class);
    }

    @Test
    void givesUpAPermanentFailureAtOnce() {
        NotificationSender sender = sender(message -> {
            throw new DeliveryFailure("blocked-address: 10.0.0.1 is private", true);
        }, 10);

        assertThat(sender.attempt(email(0)))
                .isEqualTo(new NotificationSender.Attempt.GivenUp("blocked-address: 10.0.0.1 is private"));
    }

    @Test
    void sendsThroughTheChannelsDelivery() {
        NotificationSender sender = sender(message -> {
        }, 3);

        assertThat(sender.attempt(email(0))).isInstanceOf(NotificationSender.Attempt.Sent.class);
    }

    /** The one delivery under test, for email. */
    @FunctionalInterface
    private interface Sends {
        void deliver(Message message) throws DeliveryFailure;
    }

    private static NotificationSender sender(Sends sends, int maxAttempts) {
        Delivery email = new Delivery() {
            @Override
            public Channel channel() {
                return Channel.EMAIL;
            }

            @Override
            public void deliver(Message message) throws DeliveryFailure {
                sends.deliver(message);
            }
        };
        return new NotificationSender(null, List.of(email), Clock.fixed(NOW, ZoneOffset.UTC),
                new NotificationProperties(maxAttempts, Duration.ofDays(1), Duration.ofMinutes(2), 4),
                new SimpleMeterRegistry());
    }

    private static Message email(int attemptsSoFar) {
        return new Message(1, "t:completed:email", UUID.randomUUID(), "alice", Channel.EMAIL, NotifyEvent.COMPLETED,
                "someone@example.test", "subject", "body", "<p>body</p>", attemptsSoFar);
    }
}
