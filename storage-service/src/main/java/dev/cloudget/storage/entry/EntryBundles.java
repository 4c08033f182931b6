package dev.cloudget.storage.entry;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.storage.EntryAddresses;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.storage.content.ContentCatalog;
import dev.cloudget.storage.content.StoredContent;
import dev.cloudget.storage.entry.persistence.FileEntryRepository;
import dev.cloudget.storage.entry.persistence.FileEntryRow;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * The entries of a bundle (a task's files) served together as one ZIP, from its capability URL
 * ({@link EntryAddresses#zipPathOf}). A ZIP names each member's size and CRC-32 before its bytes so that it can be
 * stored, not compressed, and streamed without a data descriptor; content registered without a CRC-32 gets it here,
 * once, by reading its object.
 */
@Service
public class EntryBundles {

    private final FileEntryRepository entries;
    private final ContentCatalog catalog;
    private final FileEntries files;
    private final EntryAddresses addresses;
    private final Clock clock;

    EntryBundles(FileEntryRepository entries, ContentCatalog catalog, FileEntries files, EntryAddresses addresses,
            Clock clock) {
        this.entries = entries;
        this.catalog = catalog;
        this.files = files;
        this.addresses = addresses;
        this.clock = clock;
    }

    /** A ZIP to serve: what to call it and its members, in order. */
    public record Zip(UUID bundle, String name, List<Member> members) {
    }

    /** One file of a ZIP: where it goes in the archive and which bytes it holds. */
    public record Member(String path, Download download, long crc32) {
    }

    /**
     * The bundle a ZIP address names, when its signature holds: 403 {@code entry-signature-invalid} for a missing or
     * altered signature, 410 {@code entry-expired} once the address or every entry's valid period has passed, 404
     * when the bundle has no entries left (its task deleted). Entries past their own valid period are left out.
     */
    public Zip byAddress(UUID bundle, Long expires, String signature) {
        Instant now = clock.instant();
        List<FileEntryRow> rows = entries.unrevokedOf(bundle);
        if (rows.isEmpty()) {
            throw ProblemException.notFound("Bundle " + bundle);
        }
        String owner = rows.getFirst().owner();
        if (expires == null || !addresses.verifiesZip(bundle, owner, expires, signature)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.ENTRY_SIGNATURE_INVALID, "Invalid signature",
                    "This address is not one cloudget handed out (altered or incomplete); use the address in the "
                            + "task as it is");
        }
        List<FileEntryRow> live = rows.stream()
                .filter(row -> row.owner().equals(owner) && row.expiresAt().isAfter(now))
                .toList();
        if (!Instant.ofEpochSecond(expires).isAfter(now) || live.isEmpty()) {
            throw new ProblemException(HttpStatus.GONE, Problems.ENTRY_EXPIRED, "Address expired",
                    "This address or the valid period of its files is over");
        }
        return zipOf(bundle, live);
    }

    private Zip zipOf(UUID bundle, List<FileEntryRow> rows) {
        Map<ContentHash, StoredContent> contents = catalog.findAll(rows.stream().map(FileEntryRow::sha256).toList())
                .stream().collect(Collectors.toMap(StoredContent::sha256, Function.identity()));
        List<FileEntryRow> stored = rows.stream().filter(row -> contents.containsKey(row.sha256())).toList();
        if (stored.isEmpty()) {
            throw ProblemException.notFound("Bundle " + bundle);
        }
        List<String> paths = ZipPaths.unique(stored.stream()
                .map(row -> row.path() == null ? ZipPaths.clean(row.name()) : row.path()).toList());
        List<Member> members = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            FileEntryRow row = stored.get(i);
            StoredContent content = contents.get(row.sha256());
            Download download = new Download(row.id(), row.name(), content.sha256(), content.size(),
                    content.objectKey(), content.createdAt());
            members.add(new Member(paths.get(i), download, content.crc32() != null ? content.crc32()
                    : crc32Of(download)));
        }
        return new Zip(bundle, EntryAddresses.archiveNameOf(paths) + ".zip", members);
    }

    /** Reads the object once to compute the CRC-32 of content registered without one, and records it. */
    private long crc32Of(Download download) {
        CRC32 crc32 = new CRC32();
        if (download.size() > 0) {
            try (InputStream in = files.open(download, 0, download.size())) {
                byte[] buffer = new byte[256 * 1024];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    crc32.update(buffer, 0, read);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + download.objectKey() + " for its CRC-32", e);
            }
        }
        catalog.recordCrc32(download.sha256(), crc32.getValue());
        return crc32.getValue();
    }
}
