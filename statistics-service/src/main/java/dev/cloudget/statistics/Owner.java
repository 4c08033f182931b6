package dev.cloudget.statistics;

import dev.cloudget.platform.web.UserId;

import java.util.Objects;

/**
 * The user whose rows they are: the sender of a report, the owner of a task. The statistics' own name for the
 * gateway's {@link UserId}, so that persistence need not know the web's type.
 */
public record Owner(String value) {

    public Owner {
        Objects.requireNonNull(value, "owner");
        if (value.isBlank() || value.length() > 200) {
            throw new IllegalArgumentException("owner must be 1..200 characters");
        }
    }

    public static Owner of(UserId user) {
        return new Owner(user.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
