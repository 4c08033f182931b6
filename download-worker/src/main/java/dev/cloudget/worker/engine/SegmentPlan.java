package dev.cloudget.worker.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which bytes of a file each connection fetches, and how far the file is written without a gap. The file's bytes
 * {@code [from, length)} (those before {@code from} already went by another way) are handed out in file order, a
 * chunk at a time: every connection works near the front, so the gap-free prefix — what the upload and the hashes
 * take, in order — grows at the speed of all the connections together rather than of the first one. Once every
 * chunk is handed out, a connection that finishes takes half of what is left of the segment with the most left
 * (work stealing, so a slow connection does not hold the tail), as long as that half is at least {@code minSplit};
 * with an {@code align}ment, the stolen half starts on a multiple of it (a piece boundary).
 * A segment is written from its start onwards; its end may move closer while it runs (stolen from). Thread-safe;
 * {@link #awaitPrefix} waits for the gap-free prefix to grow. With a {@link #limitAhead window}, no chunk ends further
 * than that beyond what the reader has taken ({@link #consumed}), or beyond the last checkpoint
 * ({@link #limitAheadOfCheckpoints}, {@link #checkpointed}): the scratch file, and what a worker that dies has fetched
 * but not stored, stay within it however slow the reader or the store is.
 */
final class SegmentPlan {

    /** A range {@code [start, end)} whose bytes up to {@code next} are written. */
    static final class Segment {

        final long start;
        /** Written up to here. */
        private long next;
        /** Claimed by the segment's connection up to here (being written): never stolen. */
        private long claimed;
        private long end;

        private Segment(long start, long end) {
            this.start = start;
            this.next = start;
            this.claimed = start;
            this.end = end;
        }
    }

    private final long from;
    private final long length;
    private final long chunk;
    private final long minSplit;
    /** Where a stolen segment may start: a multiple of this (a piece length), so that a piece has one writer. */
    private final long align;
    /** Started segments not yet behind the prefix, by start. */
    private final List<Segment> segments = new ArrayList<>();
    /** Where the bytes nobody was given yet start. */
    private long unassigned;
    private long prefix;
    private Throwable failure;
    private long window = Long.MAX_VALUE;
    /** What the window is measured from: what the reader has taken, or the last checkpoint. */
    private long anchor;
    private boolean followsReader = true;
    private boolean waitingForReader;

    SegmentPlan(long from, long length, long chunk, long minSplit) {
        this(from, length, chunk, minSplit, 1);
    }

    SegmentPlan(long from, long length, long chunk, long minSplit, long align) {
        this.from = from;
        this.length = length;
        this.chunk = chunk;
        this.minSplit = minSplit;
        this.align = align;
        this.unassigned = from;
        this.prefix = from;
        this.anchor = from;
    }

    /** From now on no chunk ends more than {@code window} bytes beyond what the reader has taken. */
    synchronized void limitAhead(long window) {
        limit(window, true);
    }

    /**
     * From now on no chunk ends more than {@code window} bytes beyond the last checkpoint: at {@code checkpointed} now,
     * then wherever {@link #checkpointed} says.
     */
    synchronized void limitAheadOfCheckpoints(long window, long checkpointed) {
        limit(window, false);
        anchor = checkpointed;
    }

    private void limit(long window, boolean followsReader) {
        if (window < chunk) {
            throw new IllegalArgumentException("a window of " + window + " bytes holds no chunk of " + chunk);
        }
        this.window = window;
        this.followsReader = followsReader;
    }

    /** Whether a connection waits for the reader to take more, or for a checkpoint, before its next chunk may start. */
    synchronized boolean holdsBack() {
        return waitingForReader;
    }

    /** The reader has taken the bytes up to {@code position}: chunks held back by the window may start. */
    synchronized void consumed(long position) {
        if (followsReader) {
            advance(position);
        }
    }

    /** The bytes up to {@code position} are checkpointed: chunks held back by a window of checkpoints may start. */
    synchronized void checkpointed(long position) {
        if (!followsReader) {
            advance(position);
        }
    }

    private void advance(long position) {
        if (position > anchor) {
            anchor = position;
            if (waitingForReader) {
                waitingForReader = false;
                notifyAll();
            }
        }
    }

    /**
     * The next bytes for a connection: the next chunk in file order while there are any (once it ends within the
     * window), then half of the largest rest of another segment; empty when nothing is left worth splitting or the
     * download failed.
     */
    synchronized Optional<Segment> take() throws InterruptedException {
        while (unassigned < length && Math.min(length, unassigned + chunk) - anchor > window && failure == null) {
            waitingForReader = true;
            wait();
        }
        return next();
    }

    /**
     * The chunk at the reader, which starts the download, ending at {@code end} at the latest (where the connection
     * that fetches it stops): never held back by the window (the reader waits for it, so neither it nor a checkpoint
     * can move the window until it is written).
     */
    synchronized Optional<Segment> first(long end) {
        return next(end);
    }

    private Optional<Segment> next() {
        return next(length);
    }

    private Optional<Segment> next(long end) {
        if (failure != null) {
            return Optional.empty();
        }
        if (unassigned < length) {
            Segment next = new Segment(unassigned, Math.min(Math.min(length, end), unassigned + chunk));
            unassigned = next.end;
            segments.add(next);
            return Optional.of(next);
        }
        Segment victim = segments.stream().max(Comparator.comparingLong(s -> s.end - s.claimed)).orElse(null);
        if (victim == null || victim.end - victim.claimed < 2 * minSplit) {
            return Optional.empty();
        }
        long middle = (victim.claimed + (victim.end - victim.claimed) / 2) / align * align;
        if (middle <= victim.claimed || middle >= victim.end) {
            return Optional.empty();
        }
        Segment stolen = new Segment(middle, victim.end);
        victim.end = middle;
        segments.add(stolen);
        segments.sort(Comparator.comparingLong(s -> s.start));
        return Optional.of(stolen);
    }

    /** How many bytes the segment still has to write; 0 when it is done (or all the rest was stolen). */
    synchronized long remaining(Segment segment) {
        return segment.end - segment.next;
    }

    /** Where the segment's next byte goes. */
    synchronized long next(Segment segment) {
        return segment.next;
    }

    synchronized long end(Segment segment) {
        return segment.end;
    }

    /**
     * Claims up to {@code count} bytes at the segment's next position for writing (no thief takes them meanwhile);
     * returns how many it may write, 0 when its end was reached.
     */
    synchronized int claim(Segment segment, int count) {
        int allowed = (int) Math.min(count, segment.end - segment.next);
        segment.claimed = segment.next + allowed;
        return allowed;
    }

    /** The claimed bytes of the segment are written. */
    synchronized void written(Segment segment) {
        segment.next = segment.claimed;
        long reached = prefix;
        for (Segment s : segments) {
            if (s.start > reached) {
                break;
            }
            reached = Math.max(reached, s.next);
            if (s.next < s.end) {
                break;
            }
        }
        if (reached != prefix) {
            prefix = reached;
            // what is written up to the prefix needs no more bookkeeping
            segments.removeIf(s -> s.next == s.end && s.end <= prefix);
            notifyAll();
        }
    }

    /** The download cannot finish: whoever waits on the prefix is told. */
    synchronized void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    synchronized Throwable failure() {
        return failure;
    }

    /** Waits until the file is written without a gap beyond {@code position}; returns how far it is. */
    synchronized long awaitPrefix(long position) throws InterruptedException {
        while (prefix <= position && failure == null) {
            wait();
        }
        return prefix;
    }
}
