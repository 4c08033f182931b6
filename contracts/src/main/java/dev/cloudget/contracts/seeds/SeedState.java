package dev.cloudget.contracts.seeds;

/** Where a seed stands: a magnet is RESOLVING until a worker brings its metadata; an upload is READY at once. */
public enum SeedState {
    RESOLVING, READY, FAILED
}
