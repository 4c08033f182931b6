package dev.cloudget.tasks.task;

import java.util.UUID;

/** An entry address recorded for revocation ({@link EntryRevocations}), not yet confirmed by storage. */
public record PendingRevocation(long id, UUID entry, UUID task) {
}
