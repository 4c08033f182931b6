package dev.cloudget.tasks.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationSenderTest {

    @Test
    void retriesSoonFirstThenBackOffToAtMostAnHour() {
        assertThat(NotificationSender.retryDelay(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(NotificationSender.retryDelay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(NotificationSender.retryDelay(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(NotificationSender.retryDelay(30)).isEqualTo(Duration.ofHours(1));
        assertThat(NotificationSender.retryDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
    }
}
