package dev.cloudget.tasks.expiry;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.storage.ContentRemoved;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.tasks.TasksProperties;
import dev.cloudget.tasks.content.ContentIndex;
import dev.cloudget.tasks.notify.NotificationProperties;
import dev.cloudget.tasks.notify.Notifications;
import dev.cloudget.tasks.remote.ContentGoneException;
import dev.cloudget.tasks.remote.StorageFiles;
import dev.cloudget.tasks.submit.SubmitCommand;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskFile;
import dev.cloudget.tasks.task.TaskStatus;
import dev.cloudget.tasks.task.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The end of a task's valid period. A completed task becomes EXPIRED when its period passes, or as soon as storage
 * says its content was removed (swept, or lost); its subscribers are warned {@code expiring-before} ahead and told
 * when it expired, if they asked. While its files are stored, a user may extend the period.
 * {@code TransactionTemplate}: the extension calls storage, which must not happen inside the transaction.
 */
@Service
public class TaskExpiry {

    private static final Logger log = LoggerFactory.getLogger(TaskExpiry.class);
    private static final int BATCH = 100;

    private final Tasks tasks;
    private final ContentIndex contentIndex;
    private final Notifications notifications;
    private final StorageFiles storage;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration validDay;
    private final Duration expiringBefore;

    TaskExpiry(Tasks tasks, ContentIndex contentIndex, Notifications notifications, StorageFiles storage,
            TransactionTemplate transaction, Clock clock, TasksProperties properties,
            NotificationProperties notificationProperties) {
        this.tasks = tasks;
        this.contentIndex = contentIndex;
        this.notifications = notifications;
        this.storage = storage;
        this.transaction = transaction;
        this.clock = clock;
        this.validDay = properties.validDay();
        this.expiringBefore = notificationProperties.expiringBefore();
    }

    /** Completed tasks past their valid period become EXPIRED: their entry addresses no longer work. */
    @Scheduled(fixedDelayString = "${cloudget.tasks.expiry-interval:PT1M}")
    void expireOverdue() {
        Integer expired;
        do {
            expired = transaction.execute(status -> {
                List<UUID> ids = tasks.expireOverdue(BATCH);
                ids.forEach(id -> tasks.find(id).ifPresent(task -> notifications.expired(task, false)));
                return ids.size();
            });
        } while (expired != null && expired == BATCH);
    }

    /**
     * Subscribers who asked are warned once per valid period that it ends soon: {@code expiring-before} ahead, but not
     * before half of it passed (a one-day period with a one-day warning is warned after twelve hours, not at once).
     */
    @Scheduled(fixedDelayString = "${cloudget.tasks.expiry-interval:PT1M}")
    void warnExpiring() {
        Integer warned;
        do {
            warned = transaction.execute(status -> {
                List<UUID> ids = tasks.warnExpiringWithin(expiringBefore, BATCH);
                ids.forEach(id -> tasks.find(id).ifPresent(notifications::expiring));
                return ids.size();
            });
        } while (warned != null && warned == BATCH);
    }

    /**
     * Storage removed content: every completed task holding it is EXPIRED (its addresses answer 410), and the jobs that
     * stored it are forgotten, so that the next request for their sources fetches them again. Idempotent.
     */
    public void contentRemoved(ContentRemoved removed) {
        transaction.executeWithoutResult(status -> {
            int expired = expireHolding(removed.sha256(), ContentRemoved.LOST.equals(removed.reason()));
            if (expired > 0) {
                log.info("Content {} was removed by storage ({}); {} task(s) expired", removed.sha256(),
                        removed.reason(), expired);
            }
        });
    }

    /** In the caller's transaction: the content is forgotten, the tasks holding it EXPIRED and told; how many. */
    private int expireHolding(ContentHash sha256, boolean lost) {
        contentIndex.forgetContent(sha256);
        List<UUID> ids = tasks.expireHolding(sha256);
        ids.forEach(id -> tasks.find(id).ifPresent(task -> notifications.expired(task, lost)));
        return ids.size();
    }

    /**
     * Extends a completed task's valid period to {@code validDays} after its completion, which must lie ahead and
     * beyond the current end (a period is never shortened: an address already handed out stays good). Storage keeps
     * the files that long first; then the task says so.
     *
     * @throws ProblemException 409 {@code task-not-completed} unless the task is COMPLETED; 410 {@code content-expired}
     *                          when storage no longer holds its files (the task is EXPIRED from then on)
     */
    public Task extend(String owner, UUID id, int validDays) {
        Task task = tasks.get(owner, id);
        if (task.status() != TaskStatus.COMPLETED) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.TASK_NOT_COMPLETED, "Task not completed",
                    "Task " + id + " is " + task.status() + "; only a COMPLETED task's valid period can be extended");
        }
        if (validDays < 1 || validDays > SubmitCommand.MAX_VALID_DAYS) {
            throw new IllegalArgumentException("validDays must be 1.." + SubmitCommand.MAX_VALID_DAYS);
        }
        Instant until = task.completedAt().plus(validDay.multipliedBy(validDays)).truncatedTo(ChronoUnit.MICROS);
        Instant current = task.validUntil();
        if (!until.isAfter(clock.instant()) || (current != null && until.isBefore(current))) {
            throw new IllegalArgumentException("validDays " + validDays + " would end the valid period at " + until
                    + ", before its current end " + current + "; a valid period can only be extended");
        }
        List<UUID> entries = task.files().stream().map(TaskFile::id).toList();
        try {
            storage.extend(owner, entries, until);
        } catch (ContentGoneException gone) {
            transaction.executeWithoutResult(status -> task.files().stream().map(TaskFile::sha256).distinct()
                    .forEach(sha256 -> expireHolding(sha256, false)));
            throw new ProblemException(HttpStatus.GONE, Problems.CONTENT_EXPIRED, "Content expired",
                    "The files of task " + id + " are no longer stored; submit its link again to fetch them anew");
        }
        return transaction.execute(status -> {
            Task locked = tasks.getForUpdate(owner, id);
            if (locked.status() == TaskStatus.COMPLETED) {
                tasks.extend(id, validDays, until);
                if (locked.job() != null) {
                    contentIndex.extend(locked.job(), until);
                }
                locked.parts().forEach(part -> contentIndex.extend(part.job(), until));
            }
            return tasks.get(owner, id);
        });
    }
}
