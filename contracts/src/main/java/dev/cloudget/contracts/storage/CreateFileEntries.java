package dev.cloudget.contracts.storage;

import java.util.List;

/**
 * Task-management → storage-service ({@code POST /internal/files/batch}): several {@link CreateFileEntry} requests in
 * one call, at most {@value #MAX_ENTRIES}. Each is carried out as if sent alone, and answered alone in
 * {@link FileEntriesMinted}: one entry's refusal does not refuse the others.
 */
public record CreateFileEntries(List<CreateFileEntry> entries) {

    public static final int MAX_ENTRIES = 100;
}
