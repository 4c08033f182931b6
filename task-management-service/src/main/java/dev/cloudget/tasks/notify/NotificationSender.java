package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.TasksProperties;
import dev.cloudget.tasks.notify.persistence.NotificationStore;
import dev.cloudget.tasks.notify.persistence.NotificationStore.PendingEmail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sends queued emails over SMTP and marks each sent; one that could not be sent is retried later with
 * a growing delay, and given up (FAILED) after {@link NotificationProperties#maxAttempts()} attempts.
 * An email is sent twice only if the process dies between SMTP's acceptance and the mark.
 */
@Component
class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final int BATCH = 20;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final NotificationStore store;
    private final MailSender mail;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String from;
    private final int maxAttempts;

    NotificationSender(NotificationStore store, MailSender mail, TransactionTemplate transaction, Clock clock,
            TasksProperties properties, NotificationProperties notifications) {
        this.store = store;
        this.mail = mail;
        this.transaction = transaction;
        this.clock = clock;
        this.from = properties.mailFrom();
        this.maxAttempts = notifications.maxAttempts();
    }

    @Scheduled(fixedDelayString = "${cloudget.notifications.poll-interval:PT1S}")
    void sendDue() {
        Integer sent;
        do {
            sent = transaction.execute(status -> sendBatch());
        } while (sent != null && sent == BATCH);
    }

    private int sendBatch() {
        List<PendingEmail> due = store.lockDue(clock.instant(), BATCH);
        int sent = 0;
        for (PendingEmail email : due) {
            switch (attempt(email)) {
                case Attempt.Sent ignored -> {
                    store.markSent(email.id(), clock.instant());
                    sent++;
                }
                case Attempt.Retry retry -> store.markFailed(email.id(), retry.error(), retry.next());
                case Attempt.GivenUp givenUp -> store.markGivenUp(email.id(), givenUp.error());
            }
        }
        return sent;
    }

    /**
     * Sends one email. Whatever goes wrong is this email's failure, never the batch's: an exception
     * escaping here would roll back the marks of the emails SMTP already accepted, and they would go
     * out again.
     */
    Attempt attempt(PendingEmail email) {
        try {
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(email.recipient());
            message.setSubject(email.subject());
            message.setText(email.body());
            mail.send(message);
            return new Attempt.Sent();
        } catch (RuntimeException e) {
            int attempts = email.attempts() + 1;
            if (attempts >= maxAttempts) {
                log.error("Email {} to {} given up after {} attempts: {}", email.id(), email.recipient(), attempts,
                        e.toString());
                return new Attempt.GivenUp(e.toString());
            }
            Instant next = clock.instant().plus(retryDelay(email.attempts()));
            log.warn("Email {} to {} not sent (attempt {} of {}), retrying at {}: {}", email.id(), email.recipient(),
                    attempts, maxAttempts, next, e.toString());
            return new Attempt.Retry(e.toString(), next);
        }
    }

    /** 5 s, 10 s, 20 s … at most an hour. */
    static Duration retryDelay(int attemptsSoFar) {
        int doublings = Math.min(attemptsSoFar, 20);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    /** What became of one attempt to send an email. */
    sealed interface Attempt {

        record Sent() implements Attempt {
        }

        record Retry(String error, Instant next) implements Attempt {
        }

        record GivenUp(String error) implements Attempt {
        }
    }
}
