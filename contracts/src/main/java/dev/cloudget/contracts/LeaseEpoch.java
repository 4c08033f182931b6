package dev.cloudget.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Fencing token of a lease: every new assignment of a job gets a higher epoch, so a worker presumed
 * dead can never overwrite the work of its successor.
 */
public record LeaseEpoch(long value) implements Comparable<LeaseEpoch> {

    public static final LeaseEpoch FIRST = new LeaseEpoch(1);

    public LeaseEpoch {
        if (value < 1) {
            throw new IllegalArgumentException("lease epoch starts at 1: " + value);
        }
    }

    @JsonCreator
    public static LeaseEpoch of(long value) {
        return new LeaseEpoch(value);
    }

    public LeaseEpoch next() {
        return new LeaseEpoch(value + 1);
    }

    @JsonValue
    public long value() {
        return value;
    }

    @Override
    public int compareTo(LeaseEpoch other) {
        return Long.compare(value, other.value);
    }
}
