package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.notify.persistence.NotificationStore;
import dev.cloudget.tasks.task.EntryLinks;
import dev.cloudget.tasks.task.NotificationLog;
import dev.cloudget.tasks.task.NotificationStatus;
import dev.cloudget.tasks.task.NotifyEvent;
import dev.cloudget.tasks.task.ResultFiles;
import dev.cloudget.tasks.task.Subscription;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskFailure;
import dev.cloudget.tasks.task.web.TaskJson;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Queues what subscribers are told, in the transaction that decides it: an outcome is never announced without being
 * committed, nor committed without being announced ({@link NotificationSender} sends). One message per task, event
 * and channel (the idempotency key), so deciding the same event again — a redelivered record, a second finisher —
 * queues nothing more. What a message says is composed now, as it is true now.
 */
@Service
public class Notifications implements NotificationLog {

    /** A webhook's body: the event, when it happened, and the task as the API shows it then. */
    record WebhookBody(String id, String event, Instant createdAt, TaskJson task) {
    }

    private final NotificationStore store;
    private final EntryLinks entryLinks;
    private final JsonMapper json;
    private final Clock clock;

    Notifications(NotificationStore store, EntryLinks links, JsonMapper json, Clock clock) {
        this.store = store;
        this.entryLinks = links;
        this.json = json;
        this.clock = clock;
    }

    /** Tells the subscribers of {@code task} (as completed, with its files) where its files are. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void completed(Task task) {
        queue(task, NotifyEvent.COMPLETED, "",
                () -> MailComposer.completed(task.id(), task.source(), links(task), entryLinks.zipUrlOf(task).orElse(null)),
                () -> MailComposer.sms("ready", task.source(), links(task)));
    }

    /** Tells the subscribers of {@code task} (as failed) why the download failed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void failed(Task task, TaskFailure failure) {
        queue(task, NotifyEvent.FAILED, "",
                () -> MailComposer.failed(task.id(), task.source(), failure.type(), failure.detail()),
                () -> MailComposer.sms("failed (" + failure.type() + ")", task.source(), List.of()));
    }

    /** Warns the subscribers of {@code task} that its valid period (as it stands) ends soon. Once per end. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void expiring(Task task) {
        Instant until = task.validUntil();
        if (until == null) {
            return;
        }
        queue(task, NotifyEvent.EXPIRING, ":" + until.getEpochSecond(),
                () -> MailComposer.expiring(task.id(), task.source(), links(task), until),
                () -> MailComposer.sms("files removed at " + until.truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
                        task.source(), links(task)));
    }

    /** Tells the subscribers of {@code task} (now EXPIRED) that its files are gone; {@code lost}: before their time. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void expired(Task task, boolean lost) {
        queue(task, NotifyEvent.EXPIRED, "",
                () -> MailComposer.expired(task.id(), task.source(), lost),
                () -> MailComposer.sms(lost ? "files lost" : "expired", task.source(), List.of()));
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, List<NotificationStatus>> of(Collection<UUID> tasks) {
        return store.statusesOf(tasks);
    }

    private void queue(Task task, NotifyEvent event, String occasion, Supplier<Mail> mail, Supplier<String> sms) {
        Subscription subscription = task.subscription();
        if (!subscription.wants(event) || !subscription.any()) {
            return;
        }
        Instant now = clock.instant();
        String key = task.id() + ":" + event.name().toLowerCase(java.util.Locale.ROOT) + occasion + ":";
        if (subscription.email() != null) {
            Mail composed = mail.get();
            store.insertOnce(new Message(0, key + "email", task.id(), task.owner(), Channel.EMAIL, event,
                    subscription.email(), composed.subject(), composed.text(), composed.html(), 0), now);
        }
        if (subscription.phone() != null) {
            store.insertOnce(new Message(0, key + "sms", task.id(), task.owner(), Channel.SMS, event,
                    subscription.phone(), null, sms.get(), null, 0), now);
        }
        if (subscription.callbackUrl() != null) {
            String body = json.writeValueAsString(new WebhookBody(key + "webhook",
                    "task." + event.name().toLowerCase(java.util.Locale.ROOT), now, TaskJson.of(task, entryLinks)));
            store.insertOnce(new Message(0, key + "webhook", task.id(), task.owner(), Channel.WEBHOOK, event,
                    subscription.callbackUrl(), null, body, null, 0), now);
        }
    }

    private List<FileLink> links(Task task) {
        return task.files().stream()
                .map(file -> new FileLink(ResultFiles.nameOf(file.path()), file.size(),
                        entryLinks.urlOf(task.owner(), file), file.validUntil()))
                .toList();
    }
}
