package dev.cloudget.platform.web;

import java.util.Objects;

/** The authenticated caller, as the gateway vouched for it (the JWT subject). */
public record UserId(String value) {

    public UserId {
        Objects.requireNonNull(value, "user id");
        if (value.isBlank() || value.length() > 200) {
            throw new IllegalArgumentException("user id must be 1..200 characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
