package dev.cloudget.distribution.jobs;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.distribution.jobs.persistence.JobRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The jobs distribution knows of, and their leases. Every change is idempotent: events may come twice. */
@Service
public class JobQueue {

    private final JobRepository jobs;
    private final ApplicationEventPublisher signals;
    private final Clock clock;

    JobQueue(JobRepository jobs, ApplicationEventPublisher signals, Clock clock) {
        this.jobs = jobs;
        this.signals = signals;
        this.clock = clock;
    }

    /** Queues a requested job; a repeated request changes nothing. */
    public void request(JobRequested requested) {
        if (requested.job() == null || requested.sourceKey() == null || requested.source() == null) {
            throw new IllegalArgumentException("job request without job, source key or source: " + requested);
        }
        Instant requestedAt = requested.requestedAt() == null ? clock.instant() : requested.requestedAt();
        if (jobs.insertWaiting(requested.job(), requested.sourceKey(), requested.source(), requestedAt)) {
            signals.publishEvent(new JobWaiting(requested.job()));
        }
    }

    /** The job completed or failed: nothing more to hand out. */
    public void finish(JobId job) {
        jobs.markDone(job);
    }

    /**
     * Nobody wants the job any more: whether it waits or is leased (its offer perhaps under way), it is
     * never handed out again, not even if the worker then refuses. A worker already running it is left to
     * finish (stopping it there comes later). The cancel may overtake the request (another topic, another
     * listener): then a DONE tombstone is left so that the late request is ignored instead of dispatched.
     */
    public void cancel(JobId job) {
        jobs.markCancelled(job, clock.instant());
    }

    /** Oldest waiting jobs first. */
    public List<JobId> waiting(int limit) {
        return jobs.waiting(limit);
    }

    public int waitingCount() {
        return jobs.waitingCount();
    }

    /**
     * Locks the job for assignment if it still waits and no other dispatcher holds it. Call inside a
     * transaction; the lock lasts until it ends.
     */
    public Optional<WaitingJob> lockIfWaiting(JobId job) {
        return jobs.lockIfWaiting(job);
    }

    /** Records the lease of a job locked by {@link #lockIfWaiting}; @return whether it was recorded */
    public boolean assigned(JobId job, String workerId, LeaseEpoch epoch, Instant at, Instant leaseUntil) {
        return jobs.markAssigned(job, workerId, epoch, at, leaseUntil);
    }

    /**
     * Lease {@code epoch} was refused by its worker, or its worker went silent before confirming it: the job
     * waits again, keeping its epoch so the next lease fences this one off. A job finished or cancelled
     * meanwhile stays done. @return whether the job was still under that lease, unconfirmed
     */
    public boolean released(JobId job, LeaseEpoch epoch) {
        return jobs.release(job, epoch);
    }

    /** The worker answered 202 for lease {@code epoch}. @return whether that lease was current */
    public boolean confirmed(JobId job, LeaseEpoch epoch, Instant at) {
        return jobs.confirm(job, epoch, at);
    }

    /** An offer of lease {@code epoch} ended without an answer at {@code at}; the backoff runs from then. */
    public boolean unanswered(JobId job, LeaseEpoch epoch, Instant at) {
        return jobs.reoffered(job, epoch, at, at);
    }

    /**
     * Claims the re-offer of an unconfirmed lease last offered no later than {@code offeredBy}, so that only
     * one dispatcher replica sends it. @return whether this caller may re-offer it now
     */
    public boolean claimReoffer(UnconfirmedLease lease, Instant offeredBy, Instant now) {
        return jobs.reoffered(lease.job(), lease.epoch(), offeredBy, now);
    }

    /** Leases whose offers have no answer yet, longest unanswered first. */
    public List<UnconfirmedLease> unconfirmed(int limit) {
        return jobs.unconfirmed(limit);
    }

    /** Current leases, every worker's or only those granted after {@code since}. */
    public List<Assignment> assignments(Optional<Instant> since) {
        return jobs.assignments(since);
    }
}
