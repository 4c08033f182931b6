package dev.cloudget.tasks.task;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.FileEntry;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.contracts.storage.FileEntriesMinted;
import dev.cloudget.tasks.remote.ContentGoneException;
import dev.cloudget.tasks.remote.EntryMinting;
import dev.cloudget.tasks.remote.StorageRefusedException;
import dev.cloudget.tasks.remote.StorageFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/** Gives a task's owner entry addresses for stored files, and takes them back. */
@Component
public class ResultFiles {

    private static final Logger log = LoggerFactory.getLogger(ResultFiles.class);

    private final StorageFiles storage;
    private final EntryMinting minting;

    ResultFiles(StorageFiles storage, EntryMinting minting) {
        this.storage = storage;
        this.minting = minting;
    }

    /**
     * One storage file entry per file of the task's job, valid until {@code validUntil}. The entry ids
     * are derived from the task, its job and the file's position ({@link #entryIdOf}), so minting again
     * after a crash, a timeout or a lost answer yields the same entries, never a second set. Call it
     * outside any transaction: it is a remote call (the task's files go together, with other tasks' requests
     * waiting at the same moment; see {@link EntryMinting}).
     *
     * @throws ContentGoneException when storage no longer holds one of the files; the entries minted
     *                              for the others are revoked
     * @throws StorageRefusedException when storage refused an entry (the first refusal in the files' order)
     */
    public List<TaskFile> mint(Task task, List<StoredFile> files, Instant validUntil) {
        JobId job = Objects.requireNonNull(task.job(), "a task gets the files of its job");
        List<CreateFileEntry> requests = new ArrayList<>(files.size());
        for (StoredFile file : files) {
            requests.add(new CreateFileEntry(entryIdOf(task.id(), job, requests.size()), task.owner(), file.sha256(),
                    nameOf(file.path()), validUntil, task.id(), file.path()));
        }
        List<FileEntriesMinted.Result> results = minting.mint(requests);
        List<TaskFile> minted = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            StoredFile file = files.get(i);
            FileEntry entry;
            try {
                entry = StorageFiles.entryOf(requests.get(i), results.get(i));
            } catch (ContentGoneException gone) {
                // the others were minted (in the same call): nobody may keep them
                revokeQuietly(minted(results, requests, files, validUntil));
                throw gone;
            }
            minted.add(new TaskFile(entry.id(), file.path(), file.size(), file.sha256(),
                    entry.validUntil() == null ? validUntil : entry.validUntil()));
        }
        return minted;
    }

    /** The files whose entries storage did mint among {@code results}. */
    private static List<TaskFile> minted(List<FileEntriesMinted.Result> results, List<CreateFileEntry> requests,
            List<StoredFile> files, Instant validUntil) {
        List<TaskFile> minted = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).entry() != null) {
                StoredFile file = files.get(i);
                minted.add(new TaskFile(requests.get(i).id(), file.path(), file.size(), file.sha256(), validUntil));
            }
        }
        return minted;
    }

    /**
     * Every entry a finisher may have minted for {@code task} from {@code job}'s {@code files} files,
     * recorded on the task or not (say storage's answer was lost): what to revoke when nobody may keep them.
     */
    public static List<UUID> entryIdsOf(UUID task, JobId job, int files) {
        List<UUID> ids = new ArrayList<>(files);
        for (int index = 0; index < files; index++) {
            ids.add(entryIdOf(task, job, index));
        }
        return ids;
    }

    /**
     * The files a task gets: those it wants of its job's, and of the jobs it takes parts from, in the order of the
     * torrent. Minting and revoking both number entries by this list, so both must read it the same way.
     */
    public static List<StoredFile> filesFor(Task task, Function<JobId, List<StoredFile>> filesOfJob) {
        List<StoredFile> files = new ArrayList<>(task.wantedOf(filesOfJob.apply(task.job())));
        for (TaskPart part : task.parts()) {
            files.addAll(filesOfJob.apply(part.job()).stream()
                    .filter(file -> file.index() != null && part.wanted().includes(file.index()))
                    .toList());
        }
        if (!task.parts().isEmpty()) {
            files.sort(Comparator.comparing(StoredFile::index));
        }
        return files;
    }

    /** Revokes what it can; an entry left behind stays harmless and expires with its valid period. */
    private void revokeQuietly(List<TaskFile> files) {
        try {
            files.forEach(file -> storage.revoke(file.id()));
        } catch (RuntimeException e) {
            log.warn("Could not revoke {} file entries nobody holds; they expire on their own: {}", files.size(),
                    e.toString());
        }
    }

    /** The entry id of the {@code index}-th file of {@code job} for {@code task}: the same on every attempt. */
    public static UUID entryIdOf(UUID task, JobId job, int index) {
        return UUID.nameUUIDFromBytes((task + ":" + job + ":" + index).getBytes(StandardCharsets.UTF_8));
    }

    /** The file name a download is saved under: the last segment of its path inside the download. */
    public static String nameOf(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = trimmed.lastIndexOf('/');
        String name = slash < 0 ? trimmed : trimmed.substring(slash + 1);
        return name.isBlank() ? "download" : name;
    }
}
