package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.notify.persistence.NotificationStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.UUID;

/**
 * Queues emails in the transaction that decides a task's outcome, so that an outcome is never
 * announced without being committed, nor committed without being announced ({@link NotificationSender}).
 */
@Service
public class Notifications {

    private final NotificationStore store;
    private final Clock clock;

    Notifications(NotificationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void queue(UUID task, String recipient, Mail mail) {
        store.insert(task, recipient, mail.subject(), mail.body(), clock.instant());
    }
}
