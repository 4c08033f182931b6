package dev.cloudget.tasks.task;

import dev.cloudget.contracts.storage.EntryAddresses;
import dev.cloudget.tasks.TasksProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.Optional;

/**
 * The addresses users download their files from, as the task JSON and the mails give them: capability URLs on the
 * public gateway, signed for the task's owner and valid for the file's valid period. Signing is local (a shared key
 * with storage-service, which checks it): a task read costs no remote call.
 */
@Component
public class EntryLinks {

    private final EntryAddresses addresses;
    private final TasksProperties properties;

    EntryLinks(@Value("${cloudget.entries.signing-key}") String key, TasksProperties properties) {
        this.addresses = new EntryAddresses(key);
        this.properties = properties;
    }

    /**
     * The absolute signed address of the task's files as one ZIP, valid as long as its longest-lived file; empty for a
     * task without files.
     */
    public Optional<String> zipUrlOf(Task task) {
        return task.files().stream().map(TaskFile::validUntil).max(Comparator.naturalOrder())
                .map(until -> properties.publicAddressOf(addresses.zipPathOf(task.id(), task.owner(),
                        EntryAddresses.archiveNameOf(task.files().stream().map(TaskFile::path).toList()), until)));
    }

    /** The absolute signed address of one of {@code owner}'s files. */
    public String urlOf(String owner, TaskFile file) {
        return properties.publicAddressOf(addresses.pathOf(file.id(), owner, file.path(), file.validUntil()));
    }
}
