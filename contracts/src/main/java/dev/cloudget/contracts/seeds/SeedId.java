package dev.cloudget.contracts.seeds;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identity of a torrent in the BT seed database (seed-parser-service). */
public record SeedId(UUID value) {

    public SeedId {
        Objects.requireNonNull(value, "seed id");
    }

    public static SeedId random() {
        return new SeedId(UUID.randomUUID());
    }

    @JsonCreator
    public static SeedId of(String value) {
        return new SeedId(UUID.fromString(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
