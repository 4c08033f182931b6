package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.source.SourceKey;

import java.net.URI;
import java.util.Objects;

/**
 * What a job learnt about one URL, for task-management's resource index: that it served the content known as
 * {@code content} ({@code sha256:<hex>} or {@code ed2k:<hex>}, {@code size} bytes), or — when {@code good} is false —
 * that it served other bytes than that content.
 */
public record SourceReport(URI url, SourceKey content, long size, boolean good) {

    public SourceReport {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(content, "content");
    }
}
