package dev.cloudget.contracts.storage;

import java.util.List;
import java.util.UUID;

/** Storage-service's answer to {@link CreateFileEntries}: one result per request, in the order of the requests. */
public record FileEntriesMinted(List<Result> results) {

    /**
     * The entry {@code id} as minted ({@code entry}, with {@code status} 200 or 201), or why not: {@code status},
     * {@code type} and {@code detail} of the problem a request for it alone would have been answered with.
     */
    public record Result(UUID id, int status, FileEntry entry, String type, String detail) {
    }
}
