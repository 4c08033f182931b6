package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.TasksProperties;
import dev.cloudget.tasks.notify.persistence.NotificationStore;
import dev.cloudget.tasks.notify.persistence.NotificationStore.PendingEmail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Sends queued emails over SMTP and marks each sent; one the relay refused is retried later with a
 * growing delay. An email is sent twice only if the process dies between SMTP's acceptance and the mark.
 */
@Component
class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final int BATCH = 20;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final NotificationStore store;
    private final JavaMailSender mail;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final String from;

    NotificationSender(NotificationStore store, JavaMailSender mail, TransactionTemplate transaction, Clock clock,
            TasksProperties properties) {
        this.store = store;
        this.mail = mail;
        this.transaction = transaction;
        this.clock = clock;
        this.from = properties.mailFrom();
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
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(email.recipient());
            message.setSubject(email.subject());
            message.setText(email.body());
            try {
                mail.send(message);
                store.markSent(email.id(), clock.instant());
                sent++;
            } catch (MailException e) {
                Instant next = clock.instant().plus(retryDelay(email.attempts()));
                log.warn("Email {} to {} not sent (attempt {}), retrying at {}: {}", email.id(), email.recipient(),
                        email.attempts() + 1, next, e.toString());
                store.markFailed(email.id(), e.toString(), next);
            }
        }
        return sent;
    }

    /** 5 s, 10 s, 20 s … at most an hour. */
    static Duration retryDelay(int attemptsSoFar) {
        int doublings = Math.min(attemptsSoFar, 20);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }
}
