package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.contracts.worker.EngineNeeds;
import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.distribution.DistributionProperties;
import dev.cloudget.distribution.farm.Farm;
import dev.cloudget.distribution.farm.WorkerStatus;
import dev.cloudget.distribution.jobs.Assignment;
import dev.cloudget.distribution.jobs.JobQueue;
import dev.cloudget.distribution.jobs.JobWaiting;
import dev.cloudget.distribution.jobs.SlotFreed;
import dev.cloudget.distribution.jobs.UnconfirmedLease;
import dev.cloudget.distribution.jobs.WaitingJob;
import dev.cloudget.platform.concurrent.Rounds;
import dev.cloudget.platform.tracing.TraceContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands waiting jobs to workers: every {@code dispatch-interval}, at once when a job is requested, and at once when a
 * heartbeat shows a free slot or a job finishes while jobs wait for want of a worker. Jobs are taken in their owners' turns (one job
 * of every owner, then a second of every owner…: {@code JobRepository.waiting}) and each goes to the worker
 * {@link WorkerChooser} picks for it; a job no worker can take now (no free slot, no engine for its source, or no disk
 * to hold it) waits for a later round.
 * The lease (ASSIGNED, worker, next epoch, deadline) is committed <em>before</em> the worker is called:
 * a job is locked with {@code FOR UPDATE SKIP LOCKED} only while it is leased, so replicas of this
 * service never lease one job twice; a lease that cannot be committed is never offered; and a worker
 * whose answer is lost (timeout, 5xx) still holds the only lease, so the job is never handed to a second
 * worker while the first may be running it.
 * <p>
 * Such an unconfirmed lease is offered again each round once its worker's backoff is over — the same
 * offer, same epoch, same worker (which answers a repeat with 202 and starts nothing new) — until the
 * worker answers for certain: 202 confirms the lease, a refusal puts the job back to waiting. An
 * unconfirmed lease whose worker stops beating goes back to waiting too. The epoch is kept on the way
 * back, so the next lease (epoch + 1) fences this one off.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private enum Outcome { ASSIGNED, REFUSED, UNANSWERED }

    /** What became of a waiting job in a round. */
    private sealed interface Placement {

        /** Leased to {@code worker}, committed: the offer is still to be sent. */
        record Leased(AssignJob offer, Candidate worker, OptionalLong size, String traceparent) implements Placement {
        }

        /** No live worker can take it now; it waits. */
        record NoWorker(OptionalLong size, EngineNeeds needs) implements Placement {
        }

        /** It no longer waits (cancelled, or leased by another replica). */
        record Gone() implements Placement {
        }
    }

    private final JobQueue jobs;
    private final Farm farm;
    private final WorkerClient workers;
    private final TransactionTemplate transaction;
    private final DistributionProperties properties;
    private final Clock clock;
    private final TraceContexts traces;
    private final Rounds rounds = new Rounds("Dispatch", this::dispatchWaitingJobs);
    private final Map<String, Instant> passedOverUntil = new ConcurrentHashMap<>();
    /** The last round left jobs waiting because no worker could take them: a worker with a free slot is news. */
    private volatile boolean jobsWaitForAWorker;

    Dispatcher(JobQueue jobs, Farm farm, WorkerClient workers, TransactionTemplate transaction,
            DistributionProperties properties, Clock clock, ObjectProvider<TraceContexts> traces) {
        this.jobs = jobs;
        this.farm = farm;
        this.workers = workers;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
        this.traces = traces.getIfAvailable(() -> TraceContexts.NONE);
    }

    /** A request arriving during a round makes that round run once more instead of running beside it. */
    @EventListener
    void on(JobWaiting waiting) {
        rounds.wake();
    }

    /**
     * A worker with a free slot beat: if the last round left jobs waiting for a worker, they are placed now rather
     * than at the next scheduled round. Other heartbeats cost no round. (A heartbeat handled during a round that then
     * leaves jobs waiting may still see the previous round's "all placed", and wake nothing: the scheduled round
     * places them.)
     */
    @EventListener
    void on(WorkerHeartbeat heartbeat) {
        if (jobsWaitForAWorker && heartbeat.activeJobs() < heartbeat.capacity()) {
            rounds.wake();
        }
    }

    /**
     * A job finished: if the last round left jobs waiting for a worker, its worker's slot is news (its heartbeat, sent
     * as the job ended, may have come before the outcome ended the lease).
     */
    @TransactionalEventListener(fallbackExecution = true)
    void on(SlotFreed freed) {
        if (jobsWaitForAWorker) {
            rounds.wake();
        }
    }

    @Scheduled(fixedDelayString = "${cloudget.distribution.dispatch-interval:250ms}")
    void scheduledRound() {
        rounds.runNow();
    }

    void dispatchWaitingJobs() {
        // confirmed leases nobody renewed: those jobs wait again, and are placed in this very round
        jobs.expireLeases(properties.batchSize());
        List<UnconfirmedLease> unconfirmed = jobs.unconfirmed(properties.batchSize());
        List<JobId> waiting = jobs.waiting(properties.batchSize());
        if (unconfirmed.isEmpty() && waiting.isEmpty()) {
            jobsWaitForAWorker = false;
            return;
        }
        Instant now = clock.instant();
        Map<String, Candidate> candidates = candidates(now);
        settle(unconfirmed, candidates, now);
        jobsWaitForAWorker = !placeAll(waiting, candidates, now);
    }

    /**
     * Offers each job, in turn, to the worker chosen for it, counting every lease on its worker at once.
     * @return whether every job was placed or is gone; false when some are left waiting for a worker
     */
    private boolean placeAll(List<JobId> waiting, Map<String, Candidate> candidates, Instant now) {
        boolean allPlaced = true;
        for (int next = 0; next < waiting.size(); next++) {
            if (candidates.values().stream().noneMatch(worker -> worker.hasRoom() && !passedOver(worker.id(), now))) {
                log.debug("No live worker has a free slot; {} job(s) keep waiting", waiting.size() - next);
                return false;
            }
            JobId job = waiting.get(next);
            switch (lease(job, candidates.values(), now)) {
                case Placement.Leased(AssignJob offer, Candidate worker, OptionalLong size, String traceparent) -> {
                    // in the trace of the job's request: the worker's request handling and its job continue it
                    switch (traces.continuing(traceparent, "job assignment", () -> send(offer, worker))) {
                        case ASSIGNED -> candidates.put(worker.id(), worker.withJob(size));
                        case REFUSED -> passedOverUntil.put(worker.id(), now.plus(properties.refusalBackoff()));
                        case UNANSWERED -> {
                            // the lease stands and takes a slot; a worker that did not answer is not asked again soon
                            candidates.put(worker.id(), worker.withJob(size));
                            passedOverUntil.put(worker.id(), now.plus(properties.refusalBackoff()));
                        }
                    }
                }
                case Placement.NoWorker(OptionalLong size, EngineNeeds needs) -> {
                    log.debug("No live worker with a free slot runs {} and can hold job {} ({} bytes); it waits",
                            needs, job, size.isPresent() ? size.getAsLong() : "unknown");
                    allPlaced = false;
                }
                case Placement.Gone() -> { }
            }
        }
        return allPlaced;
    }

    /**
     * Seeks a definite answer for each lease whose offer went unanswered: released when its worker is no
     * longer live, offered again once the worker's backoff is over. Leases a worker did confirm are not
     * looked at here: a confirmed lease holds until {@code lease_until}, which its worker's heartbeats renew, and
     * past it goes back to WAITING the same way (epoch kept), fenced off by the next lease
     * ({@link JobQueue#expireLeases}).
     */
    private void settle(List<UnconfirmedLease> unconfirmed, Map<String, Candidate> live, Instant now) {
        Instant offeredBy = now.minus(properties.refusalBackoff());
        for (UnconfirmedLease lease : unconfirmed) {
            Candidate worker = live.get(lease.workerId());
            if (worker == null) {
                if (jobs.released(lease.job(), lease.epoch())) {
                    log.info("Job {} waits again: worker {} stopped beating before confirming lease {}",
                            lease.job(), lease.workerId(), lease.epoch().value());
                }
                continue;
            }
            if (lease.offeredAt().isAfter(offeredBy) || passedOver(worker.id(), now)
                    || !jobs.claimReoffer(lease, offeredBy, clock.instant())) {
                continue;
            }
            log.info("Offering job {} to worker {} again (lease {} unanswered)", lease.job(), worker.id(),
                    lease.epoch().value());
            // the lease already counts among the worker's jobs; a worker that refused or did not answer is
            // passed over for a while, as after a first offer
            if (send(lease.offer(), worker) != Outcome.ASSIGNED) {
                passedOverUntil.put(worker.id(), now.plus(properties.refusalBackoff()));
            }
        }
    }

    /**
     * Live workers, each as busy as the more of: the jobs its heartbeat says it runs plus those handed to it since, and
     * the leases it holds.
     */
    private Map<String, Candidate> candidates(Instant now) {
        List<WorkerStatus> live = farm.liveSince(now.minus(properties.workerTimeout()));
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        if (live.isEmpty()) {
            return candidates;
        }
        Instant oldestBeat = live.stream().map(WorkerStatus::lastSeenAt).min(Comparator.naturalOrder()).orElseThrow();
        List<Assignment> recent = jobs.assignments(Optional.of(oldestBeat));
        Map<String, Integer> leases = jobs.leasesPerWorker();
        for (WorkerStatus worker : live) {
            long unseen = recent.stream()
                    .filter(assignment -> worker.id().equals(assignment.workerId())
                            && assignment.assignedAt().isAfter(worker.lastSeenAt()))
                    .count();
            // a job the worker finished whose completion is not read yet still holds its lease here: counting the
            // leases too keeps the worker's leases within its capacity, not only what it runs
            int busy = Math.max(worker.activeJobs() + (int) unseen, leases.getOrDefault(worker.id(), 0));
            candidates.put(worker.id(), new Candidate(worker.id(), worker.address(), worker.freeDiskBytes(),
                    worker.cpuLoad(), busy, worker.capacity(), worker.bytesPerSecond(), worker.engines()));
        }
        return candidates;
    }

    /** Sends the offer of a committed lease and records the answer. */
    private Outcome send(AssignJob assignment, Candidate worker) {
        JobId job = assignment.job();
        LeaseEpoch epoch = assignment.epoch();
        return switch (workers.assign(worker.address(), assignment)) {
            case ACCEPTED -> {
                if (jobs.confirmed(job, epoch, clock.instant())) {
                    log.info("Job {} assigned to worker {} (epoch {})", job, worker.id(), epoch.value());
                } else {
                    log.info("Job {} accepted by worker {} under lease {}, which ended meanwhile (finished, "
                            + "cancelled or moved on)", job, worker.id(), epoch.value());
                }
                yield Outcome.ASSIGNED;
            }
            case REFUSED -> {
                // certainly not running there: wait again, keeping the epoch so the next lease is higher
                if (!jobs.released(job, epoch)) {
                    log.info("Job {} finished, was cancelled or moved on while worker {} refused it", job,
                            worker.id());
                }
                yield Outcome.REFUSED;
            }
            case UNKNOWN -> {
                // The worker may run the job (its 202 may come after our timeout), so the lease stays and
                // the same offer is sent again after the backoff (see settle).
                jobs.unanswered(job, epoch, clock.instant());
                log.warn("Job {} leased to worker {} (epoch {}) without an answer; offering it again after {}",
                        job, worker.id(), epoch.value(), properties.refusalBackoff());
                yield Outcome.UNANSWERED;
            }
        };
    }

    /**
     * Chooses the job's worker and commits its lease, before anybody is told. The worker is chosen with the job
     * locked, because only the locked row tells the job's source, and so its size and the engines it needs.
     */
    private Placement lease(JobId job, Collection<Candidate> candidates, Instant now) {
        return transaction.execute(status -> {
            WaitingJob waiting = jobs.lockIfWaiting(job).orElse(null);
            if (waiting == null) {
                return new Placement.Gone();
            }
            OptionalLong size = JobSizes.expectedSize(waiting.source());
            EngineNeeds needs = EngineNeeds.of(waiting.source());
            Candidate worker = WorkerChooser.choose(candidates, id -> passedOver(id, now), size, needs).orElse(null);
            if (worker == null) {
                return new Placement.NoWorker(size, needs);
            }
            LeaseEpoch epoch = waiting.nextEpoch();
            if (!jobs.assigned(waiting, worker.id(), epoch, now, now.plus(properties.leaseDuration()))) {
                return new Placement.Gone();
            }
            return new Placement.Leased(
                    new AssignJob(job, waiting.sourceKey(), waiting.source(), epoch, waiting.checkpoint()), worker,
                    size, waiting.traceparent());
        });
    }

    private boolean passedOver(String worker, Instant now) {
        Instant until = passedOverUntil.get(worker);
        if (until == null) {
            return false;
        }
        if (!until.isAfter(now)) {
            passedOverUntil.remove(worker, until);
            return false;
        }
        return true;
    }
}
