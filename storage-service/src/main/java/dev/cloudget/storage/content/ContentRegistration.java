package dev.cloudget.storage.content;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.storage.ContentRegistered;
import dev.cloudget.contracts.storage.RegisterContent;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.storage.StorageProperties;
import dev.cloudget.storage.content.persistence.ContentRepository;
import dev.cloudget.storage.objects.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Takes a worker's upload into the catalogue, once per distinct content. New content keeps the object the worker
 * uploaded, where it is: nothing is copied, each byte was written to the store once. Content stored already keeps
 * its object, and the upload is removed. An object's key is therefore not its hash: the catalogue maps hash → object.
 *
 * <p>Registration is the worker's alone (service identity: {@code /internal/contents} answers download-worker only),
 * under the job's current lease. The size is checked against the object store, and new content is read back and
 * hashed ({@link UploadVerification}) before its hash names the object: the first registration of a hash decides
 * what everyone who later asks for it gets.
 */
@Service
public class ContentRegistration {

    private static final Logger log = LoggerFactory.getLogger(ContentRegistration.class);
    private static final String UPLOADS_PREFIX = "uploads/";

    private final ContentRepository contents;
    private final ObjectStore objects;
    private final JobLeases leases;
    private final UploadVerification verification;
    private final StorageProperties properties;
    private final Clock clock;
    private final Counter ingested;

    ContentRegistration(ContentRepository contents, ObjectStore objects, JobLeases leases,
            UploadVerification verification, StorageProperties properties, Clock clock, MeterRegistry meters) {
        this.ingested = Counter.builder("cloudget.storage.ingested.bytes")
                .description("Bytes of content newly stored (a repeat of stored content adds nothing)")
                .baseUnit("bytes")
                .register(meters);
        this.contents = contents;
        this.objects = objects;
        this.leases = leases;
        this.verification = verification;
        this.properties = properties;
        this.clock = clock;
    }

    /** The registered content, and whether this call stored it (false: it was there already). */
    public record Registration(ContentRegistered content, boolean created) {
    }

    public Registration register(RegisterContent request) {
        String upload = requireUploadKey(request.objectKey());
        ContentHash sha256 = request.sha256();
        if (sha256 == null) {
            throw new IllegalArgumentException("sha256 is required");
        }
        long size = request.size();
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        if (request.crc32() != null && (request.crc32() < 0 || request.crc32() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("crc32 must be an unsigned 32-bit value");
        }
        if (request.job() == null || request.epoch() == null) {
            throw new IllegalArgumentException("job and epoch (the lease the upload was made under) are required");
        }
        OptionalLong uploaded = objects.sizeOf(upload);
        if (uploaded.isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
                    "Uploaded object " + upload + " does not exist");
        }
        if (uploaded.getAsLong() != size) {
            throw new IllegalArgumentException("Uploaded object " + upload + " has " + uploaded.getAsLong()
                    + " bytes, not the declared " + size);
        }

        if (!leases.isCurrent(request.job(), request.epoch())) {
            // the worker lost the job: its upload is nobody's
            objects.remove(upload);
            log.info("Refused {} from job {} under lease {}: not the job's current lease; upload removed", sha256,
                    request.job(), request.epoch().value());
            throw new ProblemException(HttpStatus.CONFLICT, Problems.LEASE_LOST, "Lease lost", "Lease "
                    + request.epoch().value() + " is not job " + request.job() + "'s current lease: its worker lost "
                    + "the job, and what it uploaded is removed");
        }
        if (contents.isObjectOfContent(upload)) {
            throw conflict("Object " + upload + " is already the object of other content");
        }
        // Content stored already (its object present) keeps its object: this upload is removed unread.
        Optional<String> presentObject = contents.find(sha256)
                .filter(stored -> objects.sizeOf(stored.objectKey()).orElse(-1) == stored.size())
                .map(StoredContent::objectKey);
        if (presentObject.isEmpty() && properties.verifyUploads()) {
            verification.verify(upload, sha256, size, request.crc32());
        }
        // The row lock this takes orders it with the sweeper: content it is removing is registered anew afterwards.
        Instant now = clock.instant();
        StoredContent current;
        try {
            current = contents.adopt(sha256, size, request.crc32(), upload, now,
                    now.plus(properties.unclaimedRetention()));
        } catch (DuplicateKeyException e) {
            throw conflict("Object " + upload + " is already the object of other content");
        }
        boolean created = current.objectKey().equals(upload);
        if (!created) {
            if (current.size() != size) {
                throw conflict("Content " + sha256 + " is stored with " + current.size() + " bytes, not " + size);
            }
            // the object seen present above is not asked for again
            if (presentObject.filter(current.objectKey()::equals).isPresent()
                    || objects.sizeOf(current.objectKey()).orElse(-1) == size) {
                objects.remove(upload);
            } else {
                String lost = current.objectKey();
                current = contents.replaceObject(sha256, lost, upload).orElseThrow(() -> conflict(
                        "Content " + sha256 + " changed while " + upload + " was registered; try again"));
                log.error("Content {} was registered but its object {} is missing from the object store; {} "
                        + "takes its place", sha256, lost, upload);
                created = true;
            }
        }
        if (created) {
            ingested.increment(size);
        }
        log.info("Registered content {} ({} bytes) from {}: {}", sha256, size, upload,
                created ? "stored" : "already stored, upload removed");
        return new Registration(new ContentRegistered(sha256, size, current.objectKey()), created);
    }

    private static String requireUploadKey(String key) {
        // Anything else could name another content's object, which we would then remove or share.
        if (key == null || !key.startsWith(UPLOADS_PREFIX) || key.length() == UPLOADS_PREFIX.length()
                || key.contains("..") || key.contains("//")) {
            throw new IllegalArgumentException("objectKey must be an object key under " + UPLOADS_PREFIX);
        }
        return key;
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, Problems.INVALID_REQUEST, "Content conflict", detail);
    }
}
