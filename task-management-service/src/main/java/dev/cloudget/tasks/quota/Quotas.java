package dev.cloudget.tasks.quota;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.tasks.quota.persistence.QuotaStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-user quotas on submits, checked before a submit does any work (before its link is classified or another
 * service is asked): submits in any 60 seconds (429 {@code rate-limited} with {@code Retry-After}), tasks queued or
 * downloading and bytes held by completed tasks (409 {@code quota-exceeded}, naming the quota, its limit and the use).
 *
 * <p>Counted in PostgreSQL under a per-user advisory lock, as statistics-service counts reports, so every replica
 * sees the same counts and a restart forgets nothing: submits in a log of the last minute (a sliding window, so never
 * more than the limit in any 60 seconds), tasks and bytes from the tasks themselves. A submit's task is added in a
 * later transaction, after its link was classified (no lock is held across the network), so {@link #holdTasksInFlight}
 * takes the same lock there and counts again: concurrent submits cannot pass the limit together.
 *
 * <p>The lock serialises a user's submits, so it is taken only near a limit: a user whose counts are more than
 * {@link #MARGIN} below each limit (read in one query, without the lock) is admitted at once — as many submits as could
 * race past that read (fewer than the margin) still cannot reach the limit. Bytes held has no such margin: one submit
 * answered from stored content may add a whole file, so concurrent submits far below the limit may together end a
 * little above it (sequential ones never do).
 */
@Service
public class Quotas {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** More than the submits of one user that may be between reading their counts and adding their tasks. */
    static final long MARGIN = 32;

    private final QuotaStore store;
    private final QuotaProperties limits;
    private final TransactionTemplate transaction;
    private final MeterRegistry meters;

    Quotas(QuotaStore store, QuotaProperties limits, TransactionTemplate transaction, MeterRegistry meters) {
        this.store = store;
        this.limits = limits;
        this.transaction = transaction;
        this.meters = meters;
    }

    /**
     * Admits a submit of {@code owner}'s, counting it among their submits of the last minute, or refuses it.
     *
     * @throws ProblemException 429 {@code rate-limited} or 409 {@code quota-exceeded}
     */
    public SubmitSlot admit(String owner) {
        if (farBelowEveryLimit(store.usage(owner, WINDOW))) {
            return countSubmit(owner);
        }
        return transaction.execute(status -> {
            store.lockOwner(owner);
            if (!limits.submitsPerMinute().unlimited()) {
                Optional<Duration> wait = store.untilBelow(owner, limits.submitsPerMinute().value(), WINDOW);
                if (wait.isPresent()) {
                    throw rateLimited(wait.get());
                }
            }
            checkTasksInFlight(owner);
            long held = store.bytesHeld(owner);
            if (limits.bytesHeld().reachedBy(held)) {
                throw exceeded("bytes-held", limits.bytesHeld(), held, "Your completed tasks hold " + held
                        + " bytes, as much as the bytes-held quota (" + limits.bytesHeld() + " bytes) allows; delete "
                        + "tasks or let them expire, then submit again");
            }
            return countSubmit(owner);
        });
    }

    private SubmitSlot countSubmit(String owner) {
        if (limits.submitsPerMinute().unlimited()) {
            return SubmitSlot.UNCOUNTED;
        }
        SubmitSlot slot = new SubmitSlot(UUID.randomUUID());
        store.recordSubmit(slot.id(), owner);
        return slot;
    }

    private boolean farBelowEveryLimit(QuotaStore.Usage usage) {
        return farBelow(limits.submitsPerMinute(), usage.submits())
                && farBelow(limits.runningTasks(), usage.tasksInFlight())
                && !limits.bytesHeld().reachedBy(usage.bytesHeld());
    }

    private static boolean farBelow(QuotaLimit limit, long used) {
        return limit.unlimited() || used + MARGIN < limit.value();
    }

    /**
     * Within the transaction that adds {@code owner}'s task: refuses it when their tasks in flight already reach the
     * limit, and holds their lock until the task is committed.
     */
    public void holdTasksInFlight(String owner) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the quota lock lives as long as a transaction: start one first");
        }
        if (farBelow(limits.runningTasks(), store.tasksInFlight(owner))) {
            return;
        }
        store.lockOwner(owner);
        checkTasksInFlight(owner);
    }

    /** A submit that turned out to replay an earlier one (Idempotency-Key) does not count. */
    public void release(SubmitSlot slot) {
        if (slot.id() != null) {
            store.forgetSubmit(slot.id());
        }
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void forgetOldSubmits() {
        store.forgetSubmitsBefore(WINDOW);
    }

    private void checkTasksInFlight(String owner) {
        if (limits.runningTasks().unlimited()) {
            return;
        }
        long inFlight = store.tasksInFlight(owner);
        if (limits.runningTasks().reachedBy(inFlight)) {
            throw exceeded("running-tasks", limits.runningTasks(), inFlight, "You have " + inFlight
                    + " tasks queued or downloading, as many as the running-tasks quota (" + limits.runningTasks()
                    + ") allows; submit again once one of them has ended");
        }
    }

    private ProblemException exceeded(String quota, QuotaLimit limit, long used, String detail) {
        meters.counter("cloudget.quotas.refused", "quota", quota).increment();
        ProblemException problem = new ProblemException(HttpStatus.CONFLICT, Problems.QUOTA_EXCEEDED,
                "Quota exceeded", detail);
        problem.getBody().setProperty("quota", quota);
        problem.getBody().setProperty("limit", limit.value());
        problem.getBody().setProperty("used", used);
        return problem;
    }

    private ProblemException rateLimited(Duration retryAfter) {
        meters.counter("cloudget.quotas.refused", "quota", "submits-per-minute").increment();
        ProblemException problem = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED,
                "Too many submits", "You made " + limits.submitsPerMinute() + " submits in the last minute, as many "
                        + "as the submits-per-minute quota allows; try again in " + retryAfter.toSeconds() + " s");
        problem.getBody().setProperty("quota", "submits-per-minute");
        problem.getBody().setProperty("limit", limits.submitsPerMinute().value());
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        return problem;
    }
}
