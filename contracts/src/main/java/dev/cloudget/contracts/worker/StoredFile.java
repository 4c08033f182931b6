package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.source.Ed2kHash;

/**
 * One file of a finished job: its path inside the download, and the stored content it points at.
 * {@code index} is the file's index in its torrent (null for other sources); {@code ed2k} its eD2k hash,
 * computed for every ingested file so that an ed2k link for the same bytes is answered from storage.
 */
public record StoredFile(String path, long size, ContentHash sha256, Integer index, Ed2kHash ed2k) {

    public StoredFile(String path, long size, ContentHash sha256) {
        this(path, size, sha256, null, null);
    }
}
