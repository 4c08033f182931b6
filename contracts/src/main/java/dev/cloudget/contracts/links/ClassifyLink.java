package dev.cloudget.contracts.links;

/** Request to protocol-conversion: what kind of link is this, and what is its canonical source? */
public record ClassifyLink(String link) {
}
