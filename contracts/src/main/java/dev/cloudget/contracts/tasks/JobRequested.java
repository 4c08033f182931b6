package dev.cloudget.contracts.tasks;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;

import java.time.Instant;

/** A new job was created for a source key nobody has stored or is fetching; it needs a worker. */
public record JobRequested(JobId job, SourceKey sourceKey, Source source, Instant requestedAt) {
}
