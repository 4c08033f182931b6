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
     * Nobody wants the job any more; one already running is left to finish (cancelling it comes later).
     * The cancel may overtake the request (another topic, another listener): then a DONE tombstone is
     * left so that the late request is ignored instead of dispatched.
     */
    public void cancel(JobId job) {
        jobs.markDoneIfWaitingOrUnknown(job, clock.instant());
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
     * The worker refused lease {@code epoch}: the job waits again, keeping its epoch so the next lease
     * fences this one off. @return whether the job was still under that lease
     */
    public boolean released(JobId job, LeaseEpoch epoch) {
        return jobs.release(job, epoch);
    }

    /** Current leases, every worker's or only those granted after {@code since}. */
    public List<Assignment> assignments(Optional<Instant> since) {
        return jobs.assignments(since);
    }
}
