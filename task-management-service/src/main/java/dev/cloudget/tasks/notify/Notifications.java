package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.notify.persistence.NotificationStore;
import dev.cloudget.tasks.task.EntryLinks;
import dev.cloudget.tasks.task.ResultFiles;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskFailure;
import dev.cloudget.tasks.task.TaskFile;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Queues emails in the transaction that decides a task's outcome, so that an outcome is never
 * announced without being committed, nor committed without being announced ({@link NotificationSender}).
 */
@Service
public class Notifications {

    private final NotificationStore store;
    private final EntryLinks entryLinks;
    private final Clock clock;

    Notifications(NotificationStore store, EntryLinks links, Clock clock) {
        this.store = store;
        this.entryLinks = links;
        this.clock = clock;
    }

    /** Tells the task's subscriber, if it asked, where its files are. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void completed(Task task, List<TaskFile> files) {
        if (task.notifyEmail() != null) {
            List<FileLink> links = files.stream()
                    .map(file -> new FileLink(ResultFiles.nameOf(file.path()), file.size(),
                            entryLinks.urlOf(task.owner(), file), file.validUntil()))
                    .toList();
            queue(task.id(), task.notifyEmail(), MailComposer.completed(task.id(), task.source(), links));
        }
    }

    /** Tells the task's subscriber, if it asked, why the download failed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void failed(Task task, TaskFailure failure) {
        if (task.notifyEmail() != null) {
            queue(task.id(), task.notifyEmail(),
                    MailComposer.failed(task.id(), task.source(), failure.type(), failure.detail()));
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void queue(UUID task, String recipient, Mail mail) {
        store.insert(task, recipient, mail.subject(), mail.body(), clock.instant());
    }
}
