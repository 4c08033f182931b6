package dev.cloudget.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identity of one cloud fetch of a source key; the Kafka key of every job topic. */
public record JobId(UUID value) {

    public JobId {
        Objects.requireNonNull(value, "job id");
    }

    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    @JsonCreator
    public static JobId of(String value) {
        return new JobId(UUID.fromString(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
