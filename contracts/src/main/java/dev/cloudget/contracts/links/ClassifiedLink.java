package dev.cloudget.contracts.links;

import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;

/** Protocol-conversion's answer: the link's kind ({@code http}, {@code ftp}, …), canonical source and key. */
public record ClassifiedLink(String kind, Source source, SourceKey sourceKey) {
}
