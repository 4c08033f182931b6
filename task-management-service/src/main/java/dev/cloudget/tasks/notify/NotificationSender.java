package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.notify.persistence.NotificationStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Sends queued messages. Each round claims the due ones (for {@link NotificationProperties#claimTimeout()}, in one
 * committed statement) and sends each on a thread of its own, outside any transaction: a slow or dead receiver holds
 * its own message, never the others nor a database lock. Each outcome is marked: sent; retried later with a growing
 * delay; or given up (FAILED) when the failure is permanent or after {@link NotificationProperties#maxAttempts()}.
 *
 * <p>A message is queued once per task, event and channel, so a redelivered event or a restart sends nothing twice;
 * only a process dying between a receiver's acceptance and the mark makes it go out again once its claim lapses,
 * with the same {@code Cloudget-Delivery} / {@code X-Cloudget-Notification} key for the receiver to recognise it.
 */
@Component
class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final int BATCH = 50;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final NotificationStore store;
    private final Map<Channel, Delivery> deliveries = new EnumMap<>(Channel.class);
    private final Clock clock;
    private final NotificationProperties properties;
    private final MeterRegistry meters;
    private final Semaphore slots;
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();

    NotificationSender(NotificationStore store, List<Delivery> deliveries, Clock clock,
            NotificationProperties properties, MeterRegistry meters) {
        this.store = store;
        deliveries.forEach(delivery -> this.deliveries.put(delivery.channel(), delivery));
        this.clock = clock;
        this.properties = properties;
        this.meters = meters;
        this.slots = new Semaphore(properties.concurrency());
    }

    @Scheduled(fixedDelayString = "${cloudget.notifications.poll-interval:PT1S}")
    void sendDue() {
        int free;
        while ((free = Math.min(slots.availablePermits(), BATCH)) > 0) {
            Instant now = clock.instant();
            List<Message> claimed = store.claimDue(now, now.plus(properties.claimTimeout()), free);
            for (Message message : claimed) {
                slots.acquireUninterruptibly();
                sending.execute(() -> {
                    try {
                        send(message);
                    } finally {
                        slots.release();
                    }
                });
            }
            if (claimed.size() < free) {
                return;
            }
        }
    }

    @PreDestroy
    void stop() {
        // what is out is abandoned: its claim lapses and the next sender sends it
        sending.shutdownNow();
    }

    /** Sends one message and marks what became of it. */
    void send(Message message) {
        Attempt attempt = attempt(message);
        switch (attempt) {
            case Attempt.Sent ignored -> store.markSent(message.id(), clock.instant());
            case Attempt.Retry retry -> store.markFailed(message.id(), retry.error(), retry.next());
            case Attempt.GivenUp givenUp -> store.markGivenUp(message.id(), givenUp.error());
        }
        meters.counter("cloudget.notifications.attempts", "channel", message.channel().name().toLowerCase(java.util.Locale.ROOT),
                "outcome", attempt.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    /** Whatever goes wrong is this message's failure, never another's. */
    Attempt attempt(Message message) {
        try {
            Delivery delivery = deliveries.get(message.channel());
            if (delivery == null) {
                throw new DeliveryFailure("no delivery for channel " + message.channel(), true);
            }
            delivery.deliver(message);
            return new Attempt.Sent();
        } catch (DeliveryFailure | RuntimeException e) {
            String error = e instanceof DeliveryFailure ? e.getMessage() : e.toString();
            int attempts = message.attempts() + 1;
            if ((e instanceof DeliveryFailure failure && failure.permanent()) || attempts >= properties.maxAttempts()) {
                log.error("{} {} to {} given up after {} attempt(s): {}", message.channel(), message.key(),
                        message.recipient(), attempts, error);
                return new Attempt.GivenUp(error);
            }
            Instant next = clock.instant().plus(retryDelay(message.attempts()));
            log.warn("{} {} to {} not sent (attempt {} of {}), retrying at {}: {}", message.channel(), message.key(),
                    message.recipient(), attempts, properties.maxAttempts(), next, error);
            return new Attempt.Retry(error, next);
        }
    }

    /** 5 s, 10 s, 20 s … at most an hour. */
    static Duration retryDelay(int attemptsSoFar) {
        int doublings = Math.min(attemptsSoFar, 20);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    /** What became of one attempt to send a message. */
    sealed interface Attempt {

        record Sent() implements Attempt {
        }

        record Retry(String error, Instant next) implements Attempt {
        }

        record GivenUp(String error) implements Attempt {
        }
    }
}
