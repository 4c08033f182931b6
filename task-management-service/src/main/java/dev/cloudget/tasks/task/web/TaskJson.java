package dev.cloudget.tasks.task.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cloudget.tasks.task.EntryLinks;
import dev.cloudget.tasks.task.NotificationLog;
import dev.cloudget.tasks.task.NotificationStatus;
import dev.cloudget.tasks.task.NotifyEvent;
import dev.cloudget.tasks.task.Subscription;
import dev.cloudget.tasks.task.Progress;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskFile;
import dev.cloudget.tasks.task.TaskStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task as clients see it. {@code zipUrl}, once the task is completed: every file of it as one ZIP, a capability URL
 * like the files' {@code entryUrl}s. {@code reuse}, when the content was already stored: {@code stored} (answered at
 * once, within its freshness), {@code revalidated} (stale; the origin confirmed the stored copy with a {@code 304}
 * or the same validators) or {@code changed} (stale, and the origin had new content: fetched again). {@code validUntil}:
 * when its files' valid period ends (once it has files). {@code notify} and {@code callbackUrl}: whom it tells;
 * {@code notifications}: each message to them, with its status, attempts and last error.
 */
public record TaskJson(
        UUID id,
        TaskStatus status,
        String source,
        String sourceKey,
        ProgressJson progress,
        List<FileJson> files,
        @JsonInclude(JsonInclude.Include.NON_NULL) String zipUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reuse,
        FailureJson failure,
        int validDays,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant validUntil,
        @JsonProperty("notify") @JsonInclude(JsonInclude.Include.NON_NULL) NotifyJson subscription,
        @JsonInclude(JsonInclude.Include.NON_NULL) String callbackUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<NotificationStatus> notifications,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt) {

    /** The task with what was sent to its subscribers. */
    public static TaskJson of(Task task, EntryLinks links, NotificationLog log) {
        return of(task, links, log.of(List.of(task.id())).getOrDefault(task.id(), List.of()));
    }

    /** The task as a webhook carries it: without the notifications (the webhook is one of them). */
    public static TaskJson of(Task task, EntryLinks links) {
        return of(task, links, (List<NotificationStatus>) null);
    }

    public static TaskJson of(Task task, EntryLinks links, List<NotificationStatus> notifications) {
        Subscription subscription = task.subscription();
        return new TaskJson(
                task.id(),
                task.status(),
                task.source(),
                task.sourceKey().value(),
                ProgressJson.of(task.progress()),
                task.files().stream().map(file -> FileJson.of(file, links.urlOf(task.owner(), file))).toList(),
                task.status() == TaskStatus.COMPLETED ? links.zipUrlOf(task).orElse(null) : null,
                task.reuse(),
                task.failure() == null ? null : new FailureJson(task.failure().type(), task.failure().detail()),
                task.validDays(),
                task.validUntil(),
                !subscription.any()
                        ? null
                        : new NotifyJson(subscription.email(), subscription.phone(),
                                subscription.events().stream().sorted().map(NotifyEvent::slug).toList()),
                subscription.callbackUrl(),
                notifications,
                task.createdAt(),
                task.updatedAt(),
                task.completedAt());
    }

    /**
     * {@code peers} and {@code seeds}: the swarm of a BitTorrent download, absent for other sources. {@code phase}
     * (CONNECTING, VERIFYING, DOWNLOADING, STORING), {@code worker} and {@code sources} (URLs fetched from): what the job's worker
     * last said while the task runs.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProgressJson(long bytesDone, long bytesTotal, long bytesPerSecond, Integer peers, Integer seeds,
            String phase, String worker, Integer sources) {

        static ProgressJson of(Progress progress) {
            return new ProgressJson(progress.bytesDone(), progress.bytesTotal(), progress.bytesPerSecond(),
                    progress.peers(), progress.seeds(), progress.phase(), progress.worker(), progress.sources());
        }
    }

    /**
     * {@code entryUrl} is the absolute entry address the client downloads from: a capability URL that opens with no
     * header until {@code validUntil}. API clients may also use {@code /api/v1/files/{id}/content} with their token.
     */
    public record FileJson(UUID id, String path, long size, String sha256, String entryUrl, Instant validUntil) {

        static FileJson of(TaskFile file, String entryUrl) {
            return new FileJson(file.id(), file.path(), file.size(), file.sha256().hex(), entryUrl, file.validUntil());
        }
    }

    public record FailureJson(String type, String detail) {
    }

    /** Whom the task tells, and about which events ({@code completed}, {@code failed}, {@code expiring}, {@code expired}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NotifyJson(String email, String phone, List<String> events) {
    }
}
