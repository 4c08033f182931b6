package dev.cloudget.platform.concurrent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A piece of work run in rounds, one at a time, whenever it is asked for: at once on a thread of its own
 * ({@link #wake}, say after a commit that gave it something to do) or on the caller's thread ({@link #runNow}, say a
 * schedule's fallback). Asking while a round runs makes that round run once more afterwards instead of beside it,
 * so no request is lost and no two rounds overlap. A round that throws is logged; the next request runs again.
 */
public final class Rounds {

    private static final Logger log = LoggerFactory.getLogger(Rounds.class);

    private final String name;
    private final Runnable round;
    private final Semaphore oneAtATime = new Semaphore(1);
    private final AtomicBoolean wanted = new AtomicBoolean();
    private final Executor wakeUps = Executors.newVirtualThreadPerTaskExecutor();

    /** @param name what the rounds do, for the log ("Dispatch", "Outbox relay") */
    public Rounds(String name, Runnable round) {
        this.name = name;
        this.round = round;
    }

    /** Runs a round soon on a thread of its own, or once more after the one running now. */
    public void wake() {
        wanted.set(true);
        wakeUps.execute(this::runWanted);
    }

    /** Runs a round on this thread, unless one runs now (which then runs once more). */
    public void runNow() {
        wanted.set(true);
        runWanted();
    }

    private void runWanted() {
        while (wanted.get() && oneAtATime.tryAcquire()) {
            try {
                wanted.set(false);
                round.run();
            } catch (RuntimeException e) {
                log.warn("{} round failed; the next one retries", name, e);
            } finally {
                oneAtATime.release();
            }
        }
    }
}
