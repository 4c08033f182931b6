package dev.cloudget.contracts.seeds;

import dev.cloudget.contracts.FailureType;

/**
 * Worker → seed-parser ({@code POST /internal/seeds/{seed}/failure}): the metadata could not be fetched
 * ({@code metadata-timeout}, {@code blocked-address}, {@code torrent-malformed}…).
 */
public record MetadataFailed(FailureType type, String detail) {
}
