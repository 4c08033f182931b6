package dev.cloudget.tasks.task;

import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.FileEntry;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.tasks.remote.ContentGoneException;
import dev.cloudget.tasks.remote.StorageFiles;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Gives a task's owner entry addresses for stored files, and takes them back. */
@Component
public class ResultFiles {

    private final StorageFiles storage;

    ResultFiles(StorageFiles storage) {
        this.storage = storage;
    }

    /**
     * One storage file entry per stored file, valid until {@code validUntil}.
     *
     * @throws ContentGoneException when storage no longer holds one of them
     */
    public List<TaskFile> mint(String owner, List<StoredFile> files, Instant validUntil) {
        List<TaskFile> minted = new ArrayList<>(files.size());
        for (StoredFile file : files) {
            FileEntry entry = storage.create(new CreateFileEntry(owner, file.sha256(), nameOf(file.path()), validUntil));
            minted.add(new TaskFile(entry.id(), file.path(), file.size(), file.sha256(),
                    entry.validUntil() == null ? validUntil : entry.validUntil()));
        }
        return minted;
    }

    public void revoke(List<TaskFile> files) {
        files.forEach(file -> storage.revoke(file.id()));
    }

    /** The file name a download is saved under: the last segment of its path inside the download. */
    public static String nameOf(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        String name = slash < 0 ? trimmed : trimmed.substring(slash + 1);
        return name.isBlank() ? "download" : name;
    }
}
