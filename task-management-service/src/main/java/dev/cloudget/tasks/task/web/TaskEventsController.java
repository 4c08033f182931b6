package dev.cloudget.tasks.task.web;

import dev.cloudget.platform.web.UserId;
import dev.cloudget.tasks.task.EntryLinks;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A task's live state as Server-Sent Events ({@code GET /api/v1/tasks/{id}/events}): an event {@code task} with the
 * task (as {@code GET /api/v1/tasks/{id}} shows it) whenever it changed — progress, status, files — and a last one
 * with its final state (COMPLETED, FAILED, CANCELLED), after which the stream ends. Each event's id is the task's
 * version (its last change, in epoch milliseconds): a client that reconnects with {@code Last-Event-ID} gets the task
 * at once if it changed since, so it misses no state (the events are snapshots: a later one holds everything an
 * earlier one said). A comment every {@value #KEEP_ALIVE_SECONDS} s keeps idle proxies from closing the stream.
 *
 * <p>Each stream reads its task every {@value #POLL_MILLIS} ms on a virtual thread of its own: whichever replica
 * recorded the change, every replica's streams see it.
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskEventsController {

    private static final Logger log = LoggerFactory.getLogger(TaskEventsController.class);
    static final long POLL_MILLIS = 500;
    static final long KEEP_ALIVE_SECONDS = 15;
    /** A stream lasts at most this long; the client reconnects with its Last-Event-ID. */
    private static final Duration LONGEST_STREAM = Duration.ofHours(1);

    private final Tasks tasks;
    private final EntryLinks links;

    TaskEventsController(Tasks tasks, EntryLinks links) {
        this.tasks = tasks;
        this.links = links;
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(UserId caller, @PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        // an unknown task, or another user's, is a 404 before the stream starts
        tasks.get(caller.value(), id);
        SseEmitter emitter = new SseEmitter(LONGEST_STREAM.toMillis());
        long seen = versionOf(lastEventId);
        Thread.ofVirtual().name("task-events-" + id).start(() -> stream(emitter, caller.value(), id, seen));
        return emitter;
    }

    private void stream(SseEmitter emitter, String owner, UUID id, long seen) {
        long sent = seen;
        long quietSince = System.nanoTime();
        long deadline = System.nanoTime() + LONGEST_STREAM.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Task task = tasks.get(owner, id);
                long version = task.updatedAt().toEpochMilli();
                if (version > sent) {
                    emitter.send(SseEmitter.event().id(Long.toString(version)).name("task")
                            .data(TaskJson.of(task, links), MediaType.APPLICATION_JSON));
                    sent = version;
                    quietSince = System.nanoTime();
                }
                if (!task.status().inFlight()) {
                    emitter.complete();
                    return;
                }
                if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS)) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    quietSince = System.nanoTime();
                }
                // the next look at the task (a stream's pace, not a wait for a condition)
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            emitter.complete();
        } catch (IOException | IllegalStateException gone) {
            // the client went away (or the emitter timed out): nothing to tell anyone
            log.debug("Events of task {} ended: {}", id, gone.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            // the task was deleted meanwhile, or the database is away: end the stream, the client reconnects
            emitter.completeWithError(e);
        }
    }

    private static long versionOf(String lastEventId) {
        try {
            return lastEventId == null ? -1 : Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
