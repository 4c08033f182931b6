package dev.cloudget.statistics;

import java.util.Objects;
import java.util.Optional;

/** Whose figures a query counts: one user's own, or the whole farm's (every user, admin only). */
public sealed interface Scope {

    static Scope of(Owner user) {
        return new OneUser(user);
    }

    static Scope farm() {
        return Farm.INSTANCE;
    }

    /** The user whose rows alone count; empty for the farm. */
    Optional<Owner> user();

    record OneUser(Owner owner) implements Scope {

        public OneUser {
            Objects.requireNonNull(owner, "owner");
        }

        @Override
        public Optional<Owner> user() {
            return Optional.of(owner);
        }
    }

    enum Farm implements Scope {
        INSTANCE;

        @Override
        public Optional<Owner> user() {
            return Optional.empty();
        }
    }
}
