package dev.cloudget.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dedup honours the origin's freshness (RFC 9111): a stored link is reused at once while fresh; once stale, one
 * conditional request decides between the stored copy (a {@code 304}: no body byte fetched) and a new download.
 */
class FreshnessIT {

    private static final long SIZE = 2L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static CloudgetSystem system;
    private static Api alice;
    private static Api bob;

    @BeforeAll
    static void startSystem() throws Exception {
        system = CloudgetSystem.get();
        alice = new Api(system.gateway(), "alice");
        bob = new Api(system.gateway(), "bob");
    }

    @Test
    void aStaleLinkIsRevalidatedWithOneConditionalRequestAndFetchedAgainOnlyWhenItChanged() {
        String path = "/files/changing.bin";
        // no-cache: stored, but stale at once, so every later request asks the origin first
        Origin.ServedFile first = system.origin().serve("changing.bin", SIZE, 1, "no-cache");
        URI url = system.origin().url(path);

        JsonNode fetched = alice.awaitTerminal(alice.submitUrl(url, "alice@example.test").body().path("id").asString(),
                TIMEOUT);
        assertThat(fetched.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(fetched.path("files").get(0).path("sha256").asString()).isEqualTo(first.sha256());
        assertThat(fetched.has("reuse")).isFalse();
        long bodyBytes = system.origin().bodyBytesFor(path);
        assertThat(bodyBytes).isEqualTo(SIZE);

        // unchanged: one 304, no body byte, the stored copy answers
        JsonNode revalidated = bob.awaitTerminal(bob.submitUrl(url, "bob@example.test").body().path("id").asString(),
                TIMEOUT);
        assertThat(revalidated.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(revalidated.path("reuse").asString()).isEqualTo("revalidated");
        assertThat(revalidated.path("files").get(0).path("sha256").asString()).isEqualTo(first.sha256());
        assertThat(system.origin().notModifiedFor(path)).isEqualTo(1);
        assertThat(system.origin().bodyBytesFor(path)).isEqualTo(bodyBytes);

        // changed at the origin (new bytes, new ETag): fetched again, the new SHA-256
        Origin.ServedFile second = system.origin().serve("changing.bin", SIZE, 2, "no-cache");
        JsonNode changed = alice.awaitTerminal(alice.submitUrl(url, "alice@example.test").body().path("id").asString(),
                TIMEOUT);
        assertThat(changed.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(changed.path("reuse").asString()).isEqualTo("changed");
        assertThat(changed.path("files").get(0).path("sha256").asString()).isEqualTo(second.sha256())
                .isNotEqualTo(first.sha256());
        assertThat(system.origin().bodyBytesFor(path)).isEqualTo(bodyBytes + SIZE);
    }

    @Test
    void aFreshLinkIsAnsweredFromStorageWithoutAskingTheOrigin() {
        String path = "/files/fresh.bin";
        system.origin().serve("fresh.bin", SIZE, 3, "max-age=3600");
        URI url = system.origin().url(path);
        JsonNode fetched = alice.awaitTerminal(alice.submitUrl(url, "alice@example.test").body().path("id").asString(),
                TIMEOUT);
        assertThat(fetched.path("status").asString()).isEqualTo("COMPLETED");
        int requests = system.origin().requestsFor(path);

        JsonNode again = bob.completedAtOnce(bob.submitUrl(url, "bob@example.test").body());

        assertThat(again.path("reuse").asString()).isEqualTo("stored");
        assertThat(system.origin().requestsFor(path)).isEqualTo(requests);
    }

    @Test
    void aNoStoreLinkIsNeverReused() {
        String path = "/files/no-store.bin";
        system.origin().serve("no-store.bin", SIZE, 4, "no-store");
        URI url = system.origin().url(path);
        alice.awaitTerminal(alice.submitUrl(url, "alice@example.test").body().path("id").asString(), TIMEOUT);

        JsonNode again = bob.awaitTerminal(bob.submitUrl(url, "bob@example.test").body().path("id").asString(),
                TIMEOUT);

        assertThat(again.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(again.has("reuse")).isFalse();
        assertThat(system.origin().bodyBytesFor(path)).isEqualTo(2 * SIZE);
    }
}
