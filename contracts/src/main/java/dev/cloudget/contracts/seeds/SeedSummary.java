package dev.cloudget.contracts.seeds;

import dev.cloudget.contracts.source.InfoHash;

/**
 * Seed-parser → task-management ({@code GET /internal/seeds/{id}}): what a task for this seed needs to know.
 * {@code fileCount} and {@code totalSize} are -1 while the seed is not READY.
 */
public record SeedSummary(SeedId seed, InfoHash infoHash, SeedState state, String name, int fileCount,
        long totalSize) {
}
