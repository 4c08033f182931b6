package dev.cloudget.worker.engine;

/** Told after every read from the origin; must be cheap (it is called per buffer). */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (delta, done, total) -> { };

    /**
     * @param delta bytes just read
     * @param done  bytes read so far
     * @param total the announced length, or -1 when unknown
     */
    void bytesRead(long delta, long done, long total);

    /** The download carries on from byte {@code from} of {@code total}, stored by an earlier worker. */
    default void resumed(long from, long total) {
    }

    /** The first {@code done} bytes, already there, are checked against their hashes before the rest is fetched. */
    default void verifying(long done, long total) {
    }

    /** How many URLs the download is spread over. */
    default void sources(int sources) {
    }

    /** The swarm a BitTorrent download is connected to: peers, and of them those with every piece. */
    default void swarm(int peers, int seeds) {
    }
}
