package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.distribution.DistributionProperties;
import dev.cloudget.distribution.farm.Farm;
import dev.cloudget.distribution.farm.WorkerStatus;
import dev.cloudget.distribution.jobs.Assignment;
import dev.cloudget.distribution.jobs.JobQueue;
import dev.cloudget.distribution.jobs.JobWaiting;
import dev.cloudget.distribution.jobs.WaitingJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands waiting jobs to workers: every {@code dispatch-interval}, and at once when a job is requested.
 * The lease (ASSIGNED, worker, next epoch, deadline) is committed <em>before</em> the worker is called:
 * a job is locked with {@code FOR UPDATE SKIP LOCKED} only while it is leased, so replicas of this
 * service never lease one job twice; a lease that cannot be committed is never offered; and a worker
 * whose answer is lost (timeout) still holds the only lease, so the job is never handed to a second
 * worker while the first may be running it. Only a certain refusal puts the job back to waiting.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private enum Outcome { ASSIGNED, REFUSED, UNANSWERED, GONE }

    private final JobQueue jobs;
    private final Farm farm;
    private final WorkerClient workers;
    private final TransactionTemplate transaction;
    private final DistributionProperties properties;
    private final Clock clock;
    private final Semaphore oneRoundAtATime = new Semaphore(1);
    private final AtomicBoolean roundWanted = new AtomicBoolean();
    private final Executor nudges = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Instant> passedOverUntil = new ConcurrentHashMap<>();

    Dispatcher(JobQueue jobs, Farm farm, WorkerClient workers, TransactionTemplate transaction,
            DistributionProperties properties, Clock clock) {
        this.jobs = jobs;
        this.farm = farm;
        this.workers = workers;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener
    void on(JobWaiting waiting) {
        roundWanted.set(true);
        nudges.execute(this::runWantedRounds);
    }

    @Scheduled(fixedDelayString = "${cloudget.distribution.dispatch-interval:250ms}")
    void scheduledRound() {
        roundWanted.set(true);
        runWantedRounds();
    }

    /** A request arriving during a round makes that round run once more instead of running beside it. */
    private void runWantedRounds() {
        while (roundWanted.get() && oneRoundAtATime.tryAcquire()) {
            try {
                roundWanted.set(false);
                dispatchWaitingJobs();
            } catch (RuntimeException e) {
                log.warn("Dispatch round failed; the next one retries", e);
            } finally {
                oneRoundAtATime.release();
            }
        }
    }

    void dispatchWaitingJobs() {
        List<JobId> waiting = jobs.waiting(properties.batchSize());
        if (waiting.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, Candidate> candidates = candidates(now);
        for (JobId job : waiting) {
            Optional<Candidate> choice = WorkerChooser.choose(candidates.values(), worker -> passedOver(worker, now));
            if (choice.isEmpty()) {
                log.debug("No live worker has room; {} job(s) keep waiting", waiting.size());
                return;
            }
            Candidate worker = choice.get();
            switch (offer(job, worker, now)) {
                case ASSIGNED -> candidates.put(worker.id(), worker.withOneMoreJob());
                case REFUSED -> passedOverUntil.put(worker.id(), now.plus(properties.refusalBackoff()));
                case UNANSWERED -> {
                    // the lease stands and takes a slot; a worker that did not answer is not asked again soon
                    candidates.put(worker.id(), worker.withOneMoreJob());
                    passedOverUntil.put(worker.id(), now.plus(properties.refusalBackoff()));
                }
                case GONE -> { }
            }
        }
    }

    /** Live workers, each counting the jobs handed to it after its last heartbeat as already running. */
    private Map<String, Candidate> candidates(Instant now) {
        List<WorkerStatus> live = farm.liveSince(now.minus(properties.workerTimeout()));
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        if (live.isEmpty()) {
            return candidates;
        }
        Instant oldestBeat = live.stream().map(WorkerStatus::lastSeenAt).min(Comparator.naturalOrder()).orElseThrow();
        List<Assignment> recent = jobs.assignments(Optional.of(oldestBeat));
        for (WorkerStatus worker : live) {
            long unseen = recent.stream()
                    .filter(assignment -> worker.id().equals(assignment.workerId())
                            && assignment.assignedAt().isAfter(worker.lastSeenAt()))
                    .count();
            candidates.put(worker.id(), new Candidate(worker.id(), worker.address(), worker.freeDiskBytes(),
                    worker.cpuLoad(), worker.activeJobs() + (int) unseen, worker.capacity()));
        }
        return candidates;
    }

    private Outcome offer(JobId job, Candidate worker, Instant now) {
        Optional<AssignJob> leased = lease(job, worker, now);
        if (leased.isEmpty()) {
            return Outcome.GONE;
        }
        AssignJob assignment = leased.get();
        LeaseEpoch epoch = assignment.epoch();
        return switch (workers.assign(worker.address(), assignment)) {
            case ACCEPTED -> {
                log.info("Job {} assigned to worker {} (epoch {})", job, worker.id(), epoch.value());
                yield Outcome.ASSIGNED;
            }
            case REFUSED -> {
                // certainly not running there: wait again, keeping the epoch so the next lease is higher
                if (!jobs.released(job, epoch)) {
                    log.info("Job {} finished or moved on while worker {} refused it", job, worker.id());
                }
                yield Outcome.REFUSED;
            }
            case UNKNOWN -> {
                // The worker may run the job (its 202 may come after our timeout), so the lease stays.
                // Seam for failover (next step): once lease_until has passed without news from the
                // worker, the job goes back to WAITING with its epoch kept, and the next lease (epoch + 1)
                // fences this one off — the worker stages under staging/<job>/<epoch>/.
                log.warn("Job {} leased to worker {} (epoch {}) without an answer; it stays leased until {}",
                        job, worker.id(), epoch.value(), now.plus(properties.leaseDuration()));
                yield Outcome.UNANSWERED;
            }
        };
    }

    /**
     * Commits the lease of a job that still waits, before anybody is told; empty when the job is gone or
     * another replica is leasing it.
     */
    private Optional<AssignJob> lease(JobId job, Candidate worker, Instant now) {
        return Optional.ofNullable(transaction.execute(status -> {
            WaitingJob waiting = jobs.lockIfWaiting(job).orElse(null);
            if (waiting == null) {
                return null;
            }
            LeaseEpoch epoch = waiting.nextEpoch();
            if (!jobs.assigned(job, worker.id(), epoch, now, now.plus(properties.leaseDuration()))) {
                return null;
            }
            return new AssignJob(job, waiting.sourceKey(), waiting.source(), epoch);
        }));
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
