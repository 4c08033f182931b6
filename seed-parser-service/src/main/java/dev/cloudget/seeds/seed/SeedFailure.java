package dev.cloudget.seeds.seed;

import dev.cloudget.contracts.FailureType;

import java.util.Objects;

/** Why a seed FAILED: a stable failure type and a detail for people. */
public record SeedFailure(FailureType type, String detail) {

    public SeedFailure {
        Objects.requireNonNull(type, "failure type");
        detail = detail == null ? "" : detail;
    }
}
