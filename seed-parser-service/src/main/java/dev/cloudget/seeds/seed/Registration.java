package dev.cloudget.seeds.seed;

/** The seed an upload or magnet link led to, and whether that request created it (rather than found it). */
public record Registration(Seed seed, boolean created) {
}
