package dev.cloudget.storage.entry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.storage.CreateFileEntries;
import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.ContentRemoved;
import dev.cloudget.contracts.storage.EntryAddresses;
import dev.cloudget.contracts.storage.ExtendFileEntries;
import dev.cloudget.contracts.storage.FileEntriesMinted;
import dev.cloudget.contracts.storage.FileEntry;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.storage.content.ContentCatalog;
import dev.cloudget.storage.content.StoredContent;
import dev.cloudget.storage.entry.persistence.FileEntryRepository;
import dev.cloudget.storage.entry.persistence.FileEntryRow;
import dev.cloudget.storage.objects.MissingObjectException;
import dev.cloudget.storage.objects.ObjectStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Entry addresses: one user's handle on stored content, valid until a date, revocable. Content
 * stays at least as long as its longest-lived entry.
 */
@Service
public class FileEntries {

    static final int MAX_NAME_LENGTH = 1024;
    static final int MAX_PATH_LENGTH = 4096;

    /** How long an object seen in the store is taken to be there without asking again. */
    static final Duration OBJECT_SEEN_VALIDITY = Duration.ofSeconds(30);

    private final Cache<ContentHash, Boolean> objectSeen = Caffeine.newBuilder()
            .expireAfterWrite(OBJECT_SEEN_VALIDITY)
            .maximumSize(100_000)
            .build();
    private final FileEntryRepository entries;
    private final ContentCatalog catalog;
    private final ObjectStore objects;
    private final EntryAddresses addresses;
    private final Clock clock;

    FileEntries(FileEntryRepository entries, ContentCatalog catalog, ObjectStore objects, EntryAddresses addresses,
            Clock clock) {
        this.entries = entries;
        this.catalog = catalog;
        this.objects = objects;
        this.addresses = addresses;
        this.clock = clock;
    }

    /**
     * Mints the entry {@code request.id()}, or answers the one an earlier request with that id minted:
     * the caller may repeat a request whose answer it did not get without leaving a second entry behind.
     *
     * @throws ProblemException 404 {@code content-expired} when the content is not (or no longer) stored;
     *                          409 {@code idempotency-conflict} when the id names an entry for another owner,
     *                          content or name
     */
    @Transactional
    public Minted create(CreateFileEntry request) {
        Instant now = clock.instant();
        validate(request, now);
        StoredContent content = claim(request, now);
        FileEntryRow row = new FileEntryRow(request.id(), request.owner(), request.sha256(), request.name(), now,
                request.validUntil(), null, request.bundle(),
                request.bundle() == null ? null : ZipPaths.clean(request.path() == null ? request.name() : request.path()));
        if (!entries.insertIfAbsent(row)) {
            // a repeated request (or a concurrent one with the same id, which committed first: the insert waited)
            return replay(entries.find(request.id()).orElseThrow(), request, now);
        }
        return new Minted(entryOf(row, content.size()), true);
    }

    /**
     * {@link #create} for each request, in one transaction, each answered alone: a refusal (404 content gone, 409,
     * 400) is that request's result, and the others go on. A refusal raises no database error, so the transaction
     * stays good; what a refused request may leave is a content's retention extended, as a lone request would.
     */
    @Transactional
    public List<FileEntriesMinted.Result> createAll(List<CreateFileEntry> requests) {
        List<FileEntriesMinted.Result> results = new ArrayList<>(requests.size());
        for (CreateFileEntry request : requests) {
            UUID id = request == null ? null : request.id();
            try {
                Minted minted = create(request);
                results.add(new FileEntriesMinted.Result(id, minted.created() ? 201 : 200, minted.entry(), null, null));
            } catch (ProblemException refused) {
                ProblemDetail problem = refused.getBody();
                results.add(new FileEntriesMinted.Result(id, problem.getStatus(), null,
                        problem.getType().toString(), problem.getDetail()));
            } catch (IllegalArgumentException invalid) {
                results.add(new FileEntriesMinted.Result(id, HttpStatus.BAD_REQUEST.value(), null,
                        Problems.INVALID_REQUEST.toString(), invalid.getMessage()));
            }
        }
        return results;
    }

    /** An entry as minted, and whether this request minted it ({@code false}: an earlier one with its id did). */
    public record Minted(FileEntry entry, boolean created) {
    }

    /**
     * A repeated request. A revoked entry is minted anew: the caller asked for it after the revocation
     * reached storage (say a finisher whose earlier answer was lost, racing a cancel), and answering a
     * dead entry as fine would hand out an address that 404s forever. Whoever revoked it revokes it
     * again if it is still not wanted (task-management checks after every mint).
     */
    private Minted replay(FileEntryRow earlier, CreateFileEntry request, Instant now) {
        if (!earlier.owner().equals(request.owner()) || !earlier.sha256().equals(request.sha256())
                || !earlier.name().equals(request.name())) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.IDEMPOTENCY_CONFLICT, "Entry id already used",
                    "File entry " + request.id() + " was already minted for another owner, content or name");
        }
        if (earlier.revokedAt() != null) {
            StoredContent content = claim(request, now);
            FileEntryRow restored = entries.unrevoke(earlier.id(), request.validUntil())
                    .orElseThrow(() -> contentExpired(request)); // swept meanwhile, with its content
            return new Minted(entryOf(restored, content.size()), false);
        }
        // the entry row holds its content row (ON DELETE CASCADE): the content is known
        long size = catalog.find(earlier.sha256()).map(StoredContent::size).orElseThrow();
        return new Minted(entryOf(earlier, size), false);
    }

    /**
     * Keeps the content at least as long as the entry; 404 when it is not (or no longer) stored — including
     * when its row is here but its object is not (lost outside this service): an entry must never promise
     * bytes that are gone.
     */
    private StoredContent claim(CreateFileEntry request, Instant now) {
        // checked before the claim locks the content row: forgetting it runs in a transaction of its own. Content
        // whose object was seen lately is not checked again: a popular file's entries cost no call to the store
        // (an object lost since is found at its next download, which forgets the content as here).
        if (objectSeen.getIfPresent(request.sha256()) == null) {
            catalog.find(request.sha256()).ifPresent(content -> {
                if (objects.sizeOf(content.objectKey()).orElse(-1) == content.size()) {
                    objectSeen.put(content.sha256(), Boolean.TRUE);
                } else {
                    catalog.forgetLost(content.sha256());
                }
            });
        }
        return catalog.claim(request.sha256(), request.validUntil(), now).orElseThrow(() -> contentExpired(request));
    }

    private static ProblemException contentExpired(CreateFileEntry request) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.CONTENT_EXPIRED, "Content expired",
                "Content " + request.sha256() + " is not stored any more; it has to be fetched again");
    }

    private static FileEntry entryOf(FileEntryRow row, long size) {
        return new FileEntry(row.id(), row.owner(), row.sha256(), row.name(), size, row.expiresAt(),
                FileEntry.entryPathOf(row.id()));
    }

    /** Revokes the entry (again is fine); its content stays for other entries or until the sweeper. */
    public void revoke(UUID id) {
        if (!entries.revoke(id, clock.instant())) {
            throw ProblemException.notFound("File entry " + id);
        }
    }

    /**
     * The entry {@code id} if {@code caller} owns it and it is live. Every other case is the same
     * 404, so that nobody learns which entry ids exist.
     */
    public Download downloadable(UUID id, String caller) {
        Instant now = clock.instant();
        Optional<FileEntryRow> found = entries.find(id).filter(e -> e.owner().equals(caller));
        if (found.isEmpty()) {
            goneIfRemoved(id, removed -> removed.owner().equals(caller));
        }
        FileEntryRow entry = found
                .filter(e -> e.revokedAt() == null && e.expiresAt().isAfter(now))
                .orElseThrow(() -> ProblemException.notFound("File entry " + id));
        return downloadOf(entry);
    }

    private Download downloadOf(FileEntryRow entry) {
        StoredContent content = catalog.find(entry.sha256())
                .orElseThrow(() -> ProblemException.notFound("File entry " + entry.id()));
        return new Download(entry.id(), entry.name(), content.sha256(), content.size(), content.objectKey(),
                content.createdAt());
    }

    /**
     * The entry a capability URL names, when its signature holds: 403 {@code entry-signature-invalid} for a missing,
     * malformed or altered signature, 410 {@code entry-expired} once the address or the entry's valid period has
     * passed, 404 for an entry that is gone or revoked (its task deleted). No owner is asked for: the address is
     * the credential.
     */
    public Download byAddress(UUID id, Long expires, String signature) {
        Instant now = clock.instant();
        Optional<FileEntryRow> found = entries.find(id);
        if (found.isEmpty()) {
            goneIfRemoved(id, removed -> expires != null && addresses.verifies(id, removed.owner(), expires, signature));
            throw ProblemException.notFound("File entry " + id);
        }
        FileEntryRow entry = found.get();
        if (expires == null || !addresses.verifies(id, entry.owner(), expires, signature)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.ENTRY_SIGNATURE_INVALID, "Invalid signature",
                    "This address is not one cloudget handed out (altered or incomplete); use the address in the "
                            + "task or the mail as it is");
        }
        if (entry.revokedAt() != null) {
            throw ProblemException.notFound("File entry " + id);
        }
        if (!Instant.ofEpochSecond(expires).isAfter(now) || !entry.expiresAt().isAfter(now)) {
            throw new ProblemException(HttpStatus.GONE, Problems.ENTRY_EXPIRED, "Address expired",
                    "This address expired at " + Instant.ofEpochSecond(Math.min(expires,
                            entry.expiresAt().getEpochSecond())) + "; the file's valid period is over");
        }
        return downloadOf(entry);
    }

    /** 410 when {@code id} names an entry removed with its content that {@code holds} accepts; else nothing. */
    private void goneIfRemoved(UUID id, Predicate<FileEntryRepository.RemovedEntry> holds) {
        Optional<FileEntryRepository.RemovedEntry> removed = entries.findRemoved(id).filter(holds);
        if (removed.isPresent()) {
            throw removed(removed.get());
        }
    }

    /** 410 for an entry whose content was removed: its valid period ended, or its bytes were lost. */
    private static ProblemException removed(FileEntryRepository.RemovedEntry removed) {
        String detail = ContentRemoved.LOST.equals(removed.reason())
                ? "The stored bytes of this file were lost at " + removed.removedAt() + "; submit its link again to "
                        + "fetch it anew"
                : "This file's valid period ended; it was removed at " + removed.removedAt() + ". Submit its link "
                        + "again to fetch it anew";
        return new ProblemException(HttpStatus.GONE, Problems.CONTENT_EXPIRED, "File removed", detail);
    }

    /**
     * Extends the owner's entries {@code ids} to {@code until}, with their content (a task's valid period extended).
     *
     * @return the expiry the entries now have
     * @throws ProblemException 410 {@code content-expired} when some of their content is gone (or its valid period
     *                          passed); 404 when the owner holds no such live entry
     */
    @Transactional
    public Instant extend(ExtendFileEntries request) {
        Instant now = clock.instant();
        if (request.owner() == null || request.owner().isBlank()) {
            throw new IllegalArgumentException("owner is required");
        }
        if (request.entries() == null || request.entries().isEmpty()
                || request.entries().size() > CreateFileEntries.MAX_ENTRIES) {
            throw new IllegalArgumentException("entries must hold 1.." + CreateFileEntries.MAX_ENTRIES + " ids");
        }
        if (request.validUntil() == null || !request.validUntil().isAfter(now)) {
            throw new IllegalArgumentException("validUntil must be in the future");
        }
        List<UUID> ids = request.entries().stream().distinct().toList();
        List<FileEntryRow> held = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            Optional<FileEntryRow> entry = entries.find(id).filter(e -> e.owner().equals(request.owner()));
            if (entry.isEmpty()) {
                goneIfRemoved(id, removed -> removed.owner().equals(request.owner()));
            }
            held.add(entry.filter(e -> e.revokedAt() == null)
                    .orElseThrow(() -> ProblemException.notFound("File entry " + id)));
        }
        for (ContentHash sha256 : held.stream().map(FileEntryRow::sha256).distinct().toList()) {
            if (catalog.claim(sha256, request.validUntil(), now).isEmpty()) {
                throw new ProblemException(HttpStatus.GONE, Problems.CONTENT_EXPIRED, "Content expired",
                        "Content " + sha256 + " is not stored any more; it has to be fetched again");
            }
        }
        entries.extend(request.owner(), ids, request.validUntil());
        return request.validUntil();
    }

    /** A presigned GET of the download's object, for the {@code redirect} serving mode. */
    public String presignedGet(Download download, Duration validity, String contentDisposition,
            String contentType) {
        return objects.presignedGet(download.objectKey(), validity, contentDisposition, contentType);
    }

    /**
     * Streams {@code length > 0} bytes of the download from {@code offset}, straight from the object store.
     *
     * @throws ProblemException 410 {@code content-expired} when the object is gone (the content is forgotten, its
     *                          addresses answer 410 from then on)
     */
    public InputStream open(Download download, long offset, long length) {
        try {
            return objects.open(download.objectKey(), offset, length);
        } catch (MissingObjectException gone) {
            catalog.forgetLost(download.sha256());
            throw new ProblemException(HttpStatus.GONE, Problems.CONTENT_EXPIRED, "Content expired",
                    "The stored bytes of this file are gone; submit its link again to fetch it anew");
        }
    }

    private static void validate(CreateFileEntry request, Instant now) {
        if (request == null) {
            throw new IllegalArgumentException("an entry request is required");
        }
        if (request.id() == null) {
            throw new IllegalArgumentException("id is required: the caller chooses it, so that a retry is harmless");
        }
        if (request.owner() == null || request.owner().isBlank() || request.owner().length() > 200) {
            throw new IllegalArgumentException("owner must be 1..200 characters");
        }
        if (request.sha256() == null) {
            throw new IllegalArgumentException("sha256 is required");
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        if (request.path() != null && (request.path().isBlank() || request.path().length() > MAX_PATH_LENGTH)) {
            throw new IllegalArgumentException("path must be 1.." + MAX_PATH_LENGTH + " characters");
        }
        if (request.validUntil() == null || !request.validUntil().isAfter(now)) {
            throw new IllegalArgumentException("validUntil must be in the future");
        }
    }
}
