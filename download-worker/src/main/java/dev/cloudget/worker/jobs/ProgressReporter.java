package dev.cloudget.worker.jobs;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.worker.JobPhase;
import dev.cloudget.contracts.worker.JobProgressed;
import dev.cloudget.worker.engine.ProgressListener;
import io.micrometer.core.instrument.Counter;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Counts downloaded bytes into the metric on every read, and reports progress at most once per
 * {@code interval}, so a fast download does not flood the progress topic; a change of phase, and a resume, are
 * reported at once. Every report carries the job's lease, which distribution checks before passing it on.
 */
final class ProgressReporter implements ProgressListener {

    private final JobId job;
    private final LeaseEpoch epoch;
    private final String workerId;
    private final Counter downloadedBytes;
    private final Consumer<JobProgressed> publish;
    private final Clock clock;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long lastNanos;
    private long lastDone;
    private volatile Integer peers;
    private volatile Integer seeds;
    private volatile Integer sources;
    private volatile JobPhase phase = JobPhase.CONNECTING;
    private volatile long total = -1;

    ProgressReporter(JobId job, LeaseEpoch epoch, String workerId, Counter downloadedBytes,
            Consumer<JobProgressed> publish, Clock clock, Duration interval, LongSupplier nanoTime) {
        this.job = job;
        this.epoch = epoch;
        this.workerId = workerId;
        this.downloadedBytes = downloadedBytes;
        this.publish = publish;
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.lastNanos = nanoTime.getAsLong();
    }

    @Override
    public void bytesRead(long delta, long done, long total) {
        downloadedBytes.increment(delta);
        long now = nanoTime.getAsLong();
        long elapsed = now - lastNanos;
        if (elapsed < intervalNanos) {
            return;
        }
        // a job that stood at a checkpoint it could not use starts again below it
        long perSecond = Math.max(0, (long) ((done - lastDone) * 1_000_000_000.0 / elapsed));
        lastNanos = now;
        lastDone = done;
        this.total = total;
        phase = JobPhase.DOWNLOADING;
        report(done, perSecond);
    }

    /**
     * Where the job stands before this worker fetched anything: a checkpoint an earlier worker left, which the first
     * report then says rather than nothing (should the checkpoint not be usable, the next report says so).
     */
    void standsAt(long done, long total) {
        lastDone = done;
        this.total = total;
    }

    /** Reports the job in {@code phase} at once, with the bytes last reported. */
    void phase(JobPhase phase) {
        this.phase = phase;
        report(lastDone, 0);
    }

    private void report(long done, long perSecond) {
        publish.accept(new JobProgressed(job, workerId, done, total, perSecond, clock.instant(), peers, seeds, epoch,
                phase, sources));
    }

    /** Said at once: the job carries on from {@code from} (its progress was there when its earlier worker stopped). */
    @Override
    public void resumed(long from, long total) {
        reportNow(JobPhase.DOWNLOADING, from, total);
    }

    /** Said at once: the job checks the {@code done} bytes an earlier worker stored; its next bytes say it downloads. */
    @Override
    public void verifying(long done, long total) {
        reportNow(JobPhase.VERIFYING, done, total);
    }

    /** Reports the job in {@code phase} at {@code done} at once; the next rate is measured from here. */
    private void reportNow(JobPhase phase, long done, long total) {
        lastNanos = nanoTime.getAsLong();
        lastDone = done;
        this.total = total;
        this.phase = phase;
        report(done, 0);
    }

    @Override
    public void sources(int sources) {
        this.sources = sources;
    }

    @Override
    public void swarm(int peers, int seeds) {
        this.peers = peers;
        this.seeds = seeds;
    }
}
