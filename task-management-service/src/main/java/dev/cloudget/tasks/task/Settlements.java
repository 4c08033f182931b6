package dev.cloudget.tasks.task;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.TaskSettled;
import dev.cloudget.platform.outbox.Outbox;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.Locale;

/**
 * Announces each task's outcome to the statistics server ({@link TaskSettled}), through the outbox in the transaction
 * that decides it: counted if and only if it happened.
 */
@Component
public class Settlements {

    private final Outbox outbox;
    private final Clock clock;

    Settlements(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** {@code task} as it completed, with its files. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void completed(Task task) {
        long bytes = task.files().stream().mapToLong(TaskFile::size).sum();
        publish(task, TaskSettled.COMPLETED, bytes, null);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void failed(Task task, TaskFailure failure) {
        publish(task, TaskSettled.FAILED, 0, failure.type());
    }

    private void publish(Task task, String outcome, long bytes, String failureType) {
        outbox.append(Topics.TASK_SETTLED, task.id().toString(), new TaskSettled(task.id(), task.owner(),
                sourceTypeOf(task), outcome, task.reuse(), bytes, task.job(), task.progress().worker(), failureType,
                task.createdAt(), clock.instant()));
    }

    /** {@code http}, {@code ftp}, {@code bittorrent}, {@code ed2k} or {@code metalink}, from the task's source key. */
    static String sourceTypeOf(Task task) {
        String key = task.sourceKey().value().toLowerCase(Locale.ROOT);
        if (key.startsWith("btih:")) {
            return "bittorrent";
        }
        if (key.startsWith("ed2k:")) {
            return "ed2k";
        }
        if (key.startsWith("ftp:")) {
            return "ftp";
        }
        if (key.startsWith("http:") || key.startsWith("https:")) {
            return "http";
        }
        return "metalink";
    }
}
