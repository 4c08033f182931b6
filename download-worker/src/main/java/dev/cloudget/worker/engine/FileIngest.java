package dev.cloudget.worker.engine;

import dev.cloudget.contracts.worker.StoredFile;

import java.io.InputStream;

/** Where an engine that downloads several files (BitTorrent) hands each finished file: hashed, stored, registered. */
@FunctionalInterface
public interface FileIngest {

    /**
     * Reads {@code body} to its end into object storage.
     *
     * @param path   the file's path inside the download
     * @param index  the file's index in its torrent, or null
     * @param length the exact length of {@code body}
     */
    StoredFile store(String path, Integer index, InputStream body, long length) throws DownloadException;
}
