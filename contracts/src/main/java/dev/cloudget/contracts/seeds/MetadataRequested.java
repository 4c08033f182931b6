package dev.cloudget.contracts.seeds;

import dev.cloudget.contracts.source.MagnetSource;

import java.time.Instant;

/**
 * Seed-parser → the farm: fetch this magnet's metadata from its peers (BEP 9) before {@code deadline}, and
 * hand it back with {@code PUT /internal/seeds/{seed}/metainfo} (or report {@link MetadataFailed}). Keyed by
 * seed id; any one worker takes it.
 */
public record MetadataRequested(SeedId seed, MagnetSource magnet, Instant deadline) {
}
