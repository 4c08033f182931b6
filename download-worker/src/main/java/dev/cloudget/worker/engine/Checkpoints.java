package dev.cloudget.worker.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * How a sink checkpoints one file as it stores it, told back to the engine that fetches it: every {@code spacing}
 * bytes the sink makes a checkpoint (the bytes before it are stored for good; a successor would carry on from there)
 * and says so ({@link #stored}); the engine fetches no more than {@code interval} bytes beyond the last checkpoint. What
 * a worker that dies has fetched and not checkpointed — what its successor fetches again — thus stays within one
 * interval, and so does the scratch file. The spacing is at most half the interval, so that the next part is fetched
 * while the one before it is stored.
 */
public final class Checkpoints {

    private static final Checkpoints NONE = new Checkpoints(0, 0);

    private final long spacing;
    private final long interval;
    private final List<LongConsumer> followers = new CopyOnWriteArrayList<>();
    private volatile long stored;

    private Checkpoints(long spacing, long interval) {
        this.spacing = spacing;
        this.interval = interval;
    }

    /** The file is not checkpointed: the engine fetches ahead as it sees fit. */
    public static Checkpoints none() {
        return NONE;
    }

    /** A checkpoint every {@code spacing} bytes, nothing fetched more than {@code interval} bytes beyond the last one. */
    public static Checkpoints every(long spacing, long interval) {
        if (spacing <= 0 || interval < spacing) {
            throw new IllegalArgumentException("checkpoints every " + spacing + " bytes cannot keep within an interval of "
                    + interval);
        }
        return new Checkpoints(spacing, interval);
    }

    /** Whether the file is checkpointed at all. */
    public boolean any() {
        return spacing > 0;
    }

    /** Bytes between two checkpoints. */
    public long spacing() {
        return spacing;
    }

    /** The most an engine fetches beyond the last checkpoint. */
    public long interval() {
        return interval;
    }

    /** The sink: the file's first {@code bytes} are checkpointed. */
    public void stored(long bytes) {
        stored = bytes;
        followers.forEach(follower -> follower.accept(bytes));
    }

    /** The engine: {@code follower} is told of every checkpoint from now on, and of the last one at once. */
    void follow(LongConsumer follower) {
        followers.add(follower);
        follower.accept(stored);
    }
}
