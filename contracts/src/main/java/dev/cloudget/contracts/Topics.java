package dev.cloudget.contracts;

/** Kafka topic names, {@code cloudget.<producer>.<what>}. Job topics are keyed by job id, heartbeats by worker id. */
public final class Topics {

    /** task-management → task-distribution: a new job needs a worker. Payload {@link dev.cloudget.contracts.tasks.JobRequested}. */
    public static final String JOB_REQUESTED = "cloudget.tasks.job-requested";
    /** task-management → distribution and workers: nobody wants the job any more. Payload {@link dev.cloudget.contracts.tasks.JobCancelled}. */
    public static final String JOB_CANCELLED = "cloudget.tasks.job-cancelled";
    /** worker → task-distribution: liveness and load. Payload {@link dev.cloudget.contracts.worker.WorkerHeartbeat}. */
    public static final String WORKER_HEARTBEAT = "cloudget.worker.heartbeat";
    /**
     * worker → task-distribution: throttled progress and phase, under the lease in the event. Payload
     * {@link dev.cloudget.contracts.worker.JobProgressed}. Passed on to {@link #JOB_PROGRESS} only for the job's current
     * lease.
     */
    public static final String WORKER_JOB_PROGRESS = "cloudget.worker.job-progress";
    /** task-distribution → task-management: progress of a job's current lease. Payload {@link dev.cloudget.contracts.worker.JobProgressed}. */
    public static final String JOB_PROGRESS = "cloudget.distribution.job-progress";
    /**
     * worker → task-distribution: content stored, under the lease in the event. Payload
     * {@link dev.cloudget.contracts.worker.JobCompleted}. Distribution passes it on to {@link #JOB_COMPLETED} only
     * when that lease is the job's current one (fencing).
     */
    public static final String WORKER_JOB_COMPLETED = "cloudget.worker.job-completed";
    /** worker → task-distribution: the job cannot succeed, under the lease in the event. Fenced like a completion. */
    public static final String WORKER_JOB_FAILED = "cloudget.worker.job-failed";
    /**
     * worker → task-distribution: what of a job's file is stored so far, under the lease in the event. Payload
     * {@link dev.cloudget.contracts.worker.JobCheckpoint}. Kept only for the job's current lease (fencing).
     */
    public static final String WORKER_JOB_CHECKPOINT = "cloudget.worker.job-checkpoint";
    /** task-distribution → task-management: the completion of a job's current lease. Payload {@link dev.cloudget.contracts.worker.JobCompleted}. */
    public static final String JOB_COMPLETED = "cloudget.distribution.job-completed";
    /** task-distribution → task-management: the failure of a job's current lease. Payload {@link dev.cloudget.contracts.worker.JobFailed}. */
    public static final String JOB_FAILED = "cloudget.distribution.job-failed";

    /** task-distribution → workers: a lease given up (its worker stopped renewing it). Payload {@link dev.cloudget.contracts.worker.LeaseEnded}. */
    public static final String LEASE_REVOKED = "cloudget.distribution.lease-revoked";
    /** worker → task-distribution: a lease handed back by a worker that is shutting down. Payload {@link dev.cloudget.contracts.worker.LeaseEnded}. */
    public static final String LEASE_RETURNED = "cloudget.worker.lease-returned";

    /** task-management → statistics: a task reached its outcome. Payload {@link dev.cloudget.contracts.tasks.TaskSettled}, keyed by task id. */
    public static final String TASK_SETTLED = "cloudget.tasks.task-settled";
    /** storage → task-management: content removed (expired or lost). Payload {@link dev.cloudget.contracts.storage.ContentRemoved}, keyed by hash. */
    public static final String CONTENT_REMOVED = "cloudget.storage.content-removed";

    /** seed-parser → the farm: fetch a magnet's metadata. Payload {@link dev.cloudget.contracts.seeds.MetadataRequested}, keyed by seed id. */
    public static final String METADATA_REQUESTED = "cloudget.seeds.metadata-requested";

    /** Suffix of the dead-letter topic a poison record goes to. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    private Topics() {
    }
}
