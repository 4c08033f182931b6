package dev.cloudget.tasks.quota;

import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.source.MetalinkFile;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The largest file (one object in storage) a task may ask for ({@code cloudget.quotas.max-object-size}, the
 * worker's {@code CLOUDGET_MAX_OBJECT_SIZE}), refused at submit wherever the size is known without asking anyone:
 * an ed2k link's size, a Metalink's file sizes, a one-file torrent's size in the seed catalogue, stored content.
 *
 * <p>422, not 413: the request is small and well formed; what it names is too large, and sending it again smaller
 * would not help (413 tells clients and proxies that the body was too big).
 */
@Component
public class ObjectSizeLimit {

    private final QuotaLimit limit;

    ObjectSizeLimit(QuotaProperties properties) {
        this.limit = properties.maxObjectSize();
    }

    /** Refuses a source whose own description gives a file larger than the limit. */
    public void check(Source source) {
        switch (source) {
            case Ed2kSource ed2k -> check(ed2k.name(), ed2k.size());
            case MetalinkSource metalink -> {
                for (MetalinkFile file : metalink.files()) {
                    check(file.name(), file.size());
                }
            }
            default -> {
                // a link, a magnet, a torrent's selection: sizes come from the origin or the swarm, the worker checks
            }
        }
    }

    /** Refuses {@code name} when it is larger than the limit; a negative size (unknown) passes. */
    public void check(String name, long size) {
        if (limit.exceededBy(size)) {
            ProblemException problem = new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.TOO_LARGE,
                    "Too large", name + " has " + size + " bytes; this cloudget stores files of at most "
                            + limit.value() + " bytes");
            problem.getBody().setProperty("limit", limit.value());
            problem.getBody().setProperty("size", size);
            throw problem;
        }
    }
}
