package dev.cloudget.contracts.tasks;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;

import java.time.Instant;

/**
 * A new job was created for a source key nobody has stored or is fetching; it needs a worker. {@code owner} is the
 * user whose task created it (null when unknown): distribution places jobs fairly across owners.
 */
public record JobRequested(JobId job, SourceKey sourceKey, Source source, Instant requestedAt, String owner) {

    public JobRequested(JobId job, SourceKey sourceKey, Source source, Instant requestedAt) {
        this(job, sourceKey, source, requestedAt, null);
    }
}
