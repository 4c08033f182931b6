package dev.cloudget.storage.content;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.storage.ContentRegistered;
import dev.cloudget.contracts.storage.RegisterContent;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.storage.StorageProperties;
import dev.cloudget.storage.content.persistence.ContentRepository;
import dev.cloudget.storage.objects.ObjectStore;
import dev.cloudget.storage.objects.ObjectStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Moves a worker's staging upload to its content-addressed key, once per distinct content: when
 * the key exists already (someone fetched the same bytes), the staging copy is simply dropped.
 *
 * <p>The SHA-256 is the worker's word: it hashed the bytes while streaming them, and re-reading a
 * large object here to check would double the I/O. The size is checked against the object store.
 */
@Service
public class ContentRegistration {

    private static final Logger log = LoggerFactory.getLogger(ContentRegistration.class);
    private static final String STAGING_PREFIX = "staging/";

    private final ContentRepository contents;
    private final ObjectStore objects;
    private final StorageProperties properties;
    private final Clock clock;

    ContentRegistration(ContentRepository contents, ObjectStore objects, StorageProperties properties, Clock clock) {
        this.contents = contents;
        this.objects = objects;
        this.properties = properties;
        this.clock = clock;
    }

    /** The registered content, and whether this call stored it (false: it was there already). */
    public record Registration(ContentRegistered content, boolean created) {
    }

    public Registration register(RegisterContent request) {
        String staging = requireStagingKey(request.stagingKey());
        ContentHash sha256 = request.sha256();
        if (sha256 == null) {
            throw new IllegalArgumentException("sha256 is required");
        }
        long size = request.size();
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        String key = StoredContent.objectKeyOf(sha256);

        Optional<StoredContent> known = contents.find(sha256);
        if (known.isPresent() && known.get().size() != size) {
            throw conflict("Content " + sha256 + " is stored with " + known.get().size() + " bytes, not " + size);
        }
        OptionalLong stagingSize = objects.sizeOf(staging);
        OptionalLong storedSize = objects.sizeOf(key);
        boolean created = false;
        if (storedSize.isEmpty()) {
            copyFromStaging(staging, stagingSize, key, size);
            created = true;
        } else if (storedSize.getAsLong() != size) {
            throw conflict("Content " + sha256 + " is stored with " + storedSize.getAsLong() + " bytes, not " + size);
        }

        Instant now = clock.instant();
        contents.upsert(sha256, size, key, now, now.plus(properties.unclaimedRetention()));

        // The sweeper may have removed an expired object between our look and the upsert (which now
        // protects it): look again, and store it again from staging if it went.
        storedSize = objects.sizeOf(key);
        if (storedSize.isEmpty() && stagingSize.isPresent()) {
            copyFromStaging(staging, stagingSize, key, size);
            storedSize = objects.sizeOf(key);
            created = true;
        }
        if (storedSize.isEmpty() || storedSize.getAsLong() != size) {
            throw new ObjectStoreException("Content " + key + " is not stored with " + size + " bytes after the copy",
                    null);
        }
        if (stagingSize.isPresent()) {
            objects.remove(staging);
        }
        log.info("Registered content {} ({} bytes) from {}: {}", sha256, size, staging,
                created ? "stored" : "already stored");
        return new Registration(new ContentRegistered(sha256, size, key), created);
    }

    private void copyFromStaging(String staging, OptionalLong stagingSize, String key, long size) {
        if (stagingSize.isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
                    "Staging object " + staging + " does not exist");
        }
        if (stagingSize.getAsLong() != size) {
            throw new IllegalArgumentException("Staging object " + staging + " has " + stagingSize.getAsLong()
                    + " bytes, not the declared " + size);
        }
        objects.copy(staging, key, size);
    }

    private static String requireStagingKey(String key) {
        // Anything else could name content or another job's data, which we would then delete.
        if (key == null || !key.startsWith(STAGING_PREFIX) || key.length() == STAGING_PREFIX.length()
                || key.contains("..") || key.contains("//")) {
            throw new IllegalArgumentException("stagingKey must be an object key under " + STAGING_PREFIX);
        }
        return key;
    }

    private static ProblemException conflict(String detail) {
        return new ProblemException(HttpStatus.CONFLICT, Problems.INVALID_REQUEST, "Content conflict", detail);
    }
}
