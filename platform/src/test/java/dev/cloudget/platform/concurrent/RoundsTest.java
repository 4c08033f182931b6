package dev.cloudget.platform.concurrent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RoundsTest {

    @Test
    void aRequestDuringARoundRunsItOnceMoreAfterwardsNeverBesideIt() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Rounds work = new Rounds("test", () -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (rounds.incrementAndGet() == 1) {
                firstStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            running.decrementAndGet();
        });

        work.wake();
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        work.wake();
        work.runNow(); // returns at once: a round is running
        work.wake();
        assertThat(rounds.get()).isEqualTo(1);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() == 2 && running.get() == 0);
        assertThat(overlaps.get()).isZero();
    }

    @Test
    void keepsRunningAfterARoundThatThrew() {
        AtomicInteger rounds = new AtomicInteger();
        Rounds work = new Rounds("test", () -> {
            if (rounds.incrementAndGet() == 1) {
                throw new IllegalStateException("first round fails");
            }
        });

        work.runNow();
        work.runNow();

        assertThat(rounds.get()).isEqualTo(2);
    }
}
