package dev.cloudget.contracts.worker;

/** Where a running job is, as its progress says (a job not yet on a worker is the task's QUEUED). */
public enum JobPhase {
    /** On a worker: reaching the origin, the swarm or the checkpoint it carries on from. */
    CONNECTING,
    /**
     * Checking bytes an earlier worker stored against their hashes before fetching the rest (a torrent's pieces put
     * back from a checkpoint, which bt checks at start).
     */
    VERIFYING,
    /** Bytes arriving. */
    DOWNLOADING,
    /** Every byte arrived; the files are being registered as stored content. */
    STORING
}
