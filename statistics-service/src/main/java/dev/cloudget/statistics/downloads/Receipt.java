package dev.cloudget.statistics.downloads;

import java.time.Duration;
import java.util.UUID;

/** The answer to a report: stored under an id, or refused because its sender is over its rate. */
public sealed interface Receipt {

    record Accepted(UUID id) implements Receipt {
    }

    /** @param retryAfter how long until the sender's oldest report in the window leaves it */
    record RateLimited(Duration retryAfter) implements Receipt {
    }
}
