package dev.cloudget.distribution.jobs;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.contracts.worker.CurrentLease;
import dev.cloudget.contracts.worker.JobCheckpoint;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.JobLease;
import dev.cloudget.contracts.worker.LeaseEnded;
import dev.cloudget.distribution.DistributionProperties;
import dev.cloudget.distribution.jobs.persistence.JobRepository;
import dev.cloudget.platform.outbox.Outbox;
import dev.cloudget.platform.tracing.TraceContexts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The jobs distribution knows of, and their leases. Every change is idempotent: events may come twice. */
@Service
public class JobQueue {

    private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

    private final JobRepository jobs;
    private final Outbox outbox;
    private final ApplicationEventPublisher signals;
    private final Clock clock;
    private final Duration leaseDuration;
    private final MeterRegistry meters;
    private final Timer placement;
    private final TraceContexts traces;

    JobQueue(JobRepository jobs, Outbox outbox, ApplicationEventPublisher signals, Clock clock,
            DistributionProperties properties, MeterRegistry meters, ObjectProvider<TraceContexts> traces) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.signals = signals;
        this.clock = clock;
        this.leaseDuration = properties.leaseDuration();
        this.meters = meters;
        this.traces = traces.getIfAvailable(() -> TraceContexts.NONE);
        this.placement = Timer.builder("cloudget.distribution.placement")
                .description("From a job's request to its first lease (a job moved on after a failover is counted in "
                        + "cloudget.distribution.failovers, not here)")
                .register(meters);
        Gauge.builder("cloudget.distribution.queue.depth", this, JobQueue::waitingCount)
                .description("Jobs waiting for a worker")
                .register(meters);
    }

    /**
     * Queues a requested job, to take its turn among its owner's; a repeated request changes nothing. The trace of the
     * request (the listener's) is kept with the job: its assignment to a worker continues it.
     */
    public void request(JobRequested requested) {
        if (requested.job() == null || requested.sourceKey() == null || requested.source() == null) {
            throw new IllegalArgumentException("job request without job, source key or source: " + requested);
        }
        Instant requestedAt = requested.requestedAt() == null ? clock.instant() : requested.requestedAt();
        if (jobs.insertWaiting(requested.job(), requested.sourceKey(), requested.source(), requestedAt,
                requested.owner(), traces.current())) {
            signals.publishEvent(new JobWaiting(requested.job()));
        }
    }

    /**
     * A worker completed the job under the lease in {@code completed}: passed on to task-management (through the
     * outbox, in this transaction) if that is the job's current lease, and the job is done; dropped if the job moved
     * on to a later lease meanwhile (its worker went silent past the deadline, the job went elsewhere).
     * @return whether it was passed on
     */
    @Transactional
    public boolean completed(JobCompleted completed) {
        Optional<String> kind = current(completed.job(), completed.epoch(), completed.workerId(), "completion");
        if (kind.isEmpty()) {
            return false;
        }
        finished(kind.get(), "completed");
        outbox.append(Topics.JOB_COMPLETED, completed.job().toString(), completed);
        signals.publishEvent(new SlotFreed(completed.job(), completed.workerId()));
        return true;
    }

    /** As {@link #completed}, for a failure. */
    @Transactional
    public boolean failed(JobFailed failed) {
        Optional<String> kind = current(failed.job(), failed.epoch(), failed.workerId(), "failure");
        if (kind.isEmpty()) {
            return false;
        }
        finished(kind.get(), "failed");
        outbox.append(Topics.JOB_FAILED, failed.job().toString(), failed);
        signals.publishEvent(new SlotFreed(failed.job(), failed.workerId()));
        return true;
    }

    /** @return the kind of the job's source when the outcome is its current lease's; empty when refused */
    private Optional<String> current(JobId job, LeaseEpoch epoch, String worker, String what) {
        Optional<String> kind = epoch == null ? Optional.empty() : jobs.acceptOutcome(job, epoch);
        if (kind.isEmpty()) {
            meters.counter("cloudget.distribution.stale.outcomes").increment();
            log.warn("Job {}: {} from worker {} under lease {} refused, not the job's current lease", job, what,
                    worker, epoch == null ? "(none)" : epoch.value());
        }
        return kind;
    }

    /**
     * Counts a job's accepted outcome by the kind of its source ({@code http}, {@code torrent}, {@code magnet},
     * {@code ed2k}, {@code metalink}); a repeat of an accepted outcome (a redelivered record) counts again.
     */
    private void finished(String kind, String outcome) {
        meters.counter("cloudget.jobs.finished", "type", kind, "outcome", outcome).increment();
    }

    /**
     * A worker stored more of the job's file: kept for the job's next lease if made under its current one, refused
     * otherwise (the worker lost the job; a successor may already have carried on from an earlier checkpoint).
     * @return whether it was kept
     */
    public boolean checkpointed(JobCheckpoint checkpoint) {
        if (checkpoint.epoch() == null || !jobs.saveCheckpoint(checkpoint)) {
            meters.counter("cloudget.distribution.stale.checkpoints").increment();
            log.info("Job {}: checkpoint at byte {} from worker {} under lease {} refused, not the job's current lease",
                    checkpoint.job(), checkpoint.bytes(), checkpoint.workerId(),
                    checkpoint.epoch() == null ? "(none)" : checkpoint.epoch().value());
            return false;
        }
        return true;
    }

    /** {@code worker} still runs these jobs: their confirmed leases hold for another lease duration from now. */
    public void renew(String worker, List<JobLease> leases) {
        Instant until = clock.instant().plus(leaseDuration);
        for (JobLease lease : leases) {
            jobs.renew(lease.job(), lease.epoch(), worker, until);
        }
    }

    /**
     * Gives up confirmed leases whose worker stopped renewing them: those jobs wait again, each to be leased under a
     * higher epoch, which fences the silent worker off should it come back. @return how many were given up
     */
    @Transactional
    public int expireLeases(int limit) {
        Instant now = clock.instant();
        List<Assignment> expired = jobs.expire(now, limit);
        for (Assignment lease : expired) {
            meters.counter("cloudget.distribution.failovers", "cause", "lease-expired").increment();
            log.warn("Job {} waits again: worker {} stopped renewing lease {} (deadline {})", lease.job(),
                    lease.workerId(), lease.epoch().value(), lease.leaseUntil());
            // should the worker be alive after all (paused, cut off), it stops the job when it hears this
            outbox.append(Topics.LEASE_REVOKED, lease.job().toString(),
                    new LeaseEnded(lease.job(), lease.epoch(), lease.workerId(), now));
            signals.publishEvent(new JobWaiting(lease.job()));
        }
        return expired.size();
    }

    /**
     * A worker that is shutting down handed the job back: if that is still the job's current lease and that worker's,
     * the job waits again at once (and goes elsewhere under a higher epoch) instead of after the lease's deadline.
     */
    public void returned(LeaseEnded returned) {
        if (jobs.giveBack(returned.job(), returned.epoch(), returned.workerId())) {
            meters.counter("cloudget.distribution.failovers", "cause", "handed-back").increment();
            log.info("Job {} waits again: worker {} handed lease {} back", returned.job(), returned.workerId(),
                    returned.epoch().value());
            signals.publishEvent(new JobWaiting(returned.job()));
        }
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

    /** The job's current lease epoch and state; empty for a job never seen. */
    public Optional<CurrentLease> currentLease(JobId job) {
        return jobs.currentLease(job);
    }

    /** Waiting jobs, owners taking turns: every owner's oldest first, then every owner's second, and so on. */
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
    public boolean assigned(WaitingJob waiting, String workerId, LeaseEpoch epoch, Instant at, Instant leaseUntil) {
        boolean recorded = jobs.markAssigned(waiting.job(), workerId, epoch, at, leaseUntil);
        if (recorded) {
            meters.counter("cloudget.distribution.placements").increment();
            if (waiting.lastEpoch() == 0) {
                Duration waited = Duration.between(waiting.requestedAt(), at);
                placement.record(waited.isNegative() ? Duration.ZERO : waited);
            }
        }
        return recorded;
    }

    /**
     * Lease {@code epoch} was refused by its worker, or its worker went silent before confirming it: the job
     * waits again, keeping its epoch so the next lease fences this one off. A job finished or cancelled
     * meanwhile stays done. @return whether the job was still under that lease, unconfirmed
     */
    public boolean released(JobId job, LeaseEpoch epoch) {
        return jobs.release(job, epoch);
    }

    /**
     * The worker answered 202 for lease {@code epoch}: it holds for a lease duration from now, renewed by the worker's
     * heartbeats. @return whether that lease was current
     */
    public boolean confirmed(JobId job, LeaseEpoch epoch, Instant at) {
        return jobs.confirm(job, epoch, at, at.plus(leaseDuration));
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

    /** How many current leases each worker holds (confirmed or not). */
    public Map<String, Integer> leasesPerWorker() {
        return jobs.leasesPerWorker();
    }

    /** Current leases, every worker's or only those granted after {@code since}. */
    public List<Assignment> assignments(Optional<Instant> since) {
        return jobs.assignments(since);
    }
}
