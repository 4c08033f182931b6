package dev.cloudget.tasks.quota;

import java.util.UUID;

/** A submit counted against its user's submits per minute; {@code id} is null when that quota is unlimited. */
public record SubmitSlot(UUID id) {

    static final SubmitSlot UNCOUNTED = new SubmitSlot(null);
}
