package dev.cloudget.contracts.storage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Task-management → storage ({@code POST /internal/files/extend}): keep the owner's {@code entries}, and the content
 * they point at, until {@code validUntil} (a task's valid period extended). Storage answers with the same record.
 */
public record ExtendFileEntries(String owner, List<UUID> entries, Instant validUntil) {
}
