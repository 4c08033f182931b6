package dev.cloudget.tasks.content;

import dev.cloudget.contracts.worker.OriginResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FreshnessTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-26T12:00:00Z");
    private static final String DATE = "Thu, 26 Nov 2026 12:00:00 GMT";
    private final Freshness freshness = new Freshness(Duration.ofHours(24));

    @Test
    void noStoreAndPrivateAreNeverReused() {
        assertThat(freshness.freshUntil(response("no-store", null, null, null))).isEmpty();
        assertThat(freshness.freshUntil(response("private, max-age=600", null, null, null))).isEmpty();
        assertThat(freshness.freshUntil(response("max-age=60, No-Store", null, null, null))).isEmpty();
    }

    @Test
    void noCacheIsStaleAtOnce() {
        assertThat(freshness.freshUntil(response("no-cache", null, null, null))).contains(RECEIVED);
    }

    @Test
    void sMaxAgeWinsOverMaxAgeAndTheAgeIsTakenOff() {
        assertThat(freshness.freshUntil(response("max-age=600", null, null, null)))
                .contains(RECEIVED.plusSeconds(600));
        assertThat(freshness.freshUntil(response("max-age=600, s-maxage=60", null, null, null)))
                .contains(RECEIVED.plusSeconds(60));
        assertThat(freshness.freshUntil(new OriginResponse(false, null, null, "max-age=600", null, DATE, "100",
                RECEIVED))).contains(RECEIVED.plusSeconds(500));
    }

    @Test
    void expiresCountsFromTheOriginsDateAndAnUnreadableOneMeansExpired() {
        assertThat(freshness.freshUntil(response(null, "Thu, 26 Nov 2026 13:00:00 GMT", null, DATE)))
                .contains(RECEIVED.plus(Duration.ofHours(1)));
        assertThat(freshness.freshUntil(response(null, "0", null, DATE))).contains(RECEIVED);
        // max-age overrides Expires
        assertThat(freshness.freshUntil(response("max-age=10", "Thu, 26 Nov 2026 13:00:00 GMT", null, DATE)))
                .contains(RECEIVED.plusSeconds(10));
    }

    @Test
    void withoutExplicitFreshnessATenthOfTheTimeSinceLastModifiedCappedByTheWindow() {
        assertThat(freshness.freshUntil(response(null, null, "Thu, 26 Nov 2026 02:00:00 GMT", DATE)))
                .contains(RECEIVED.plus(Duration.ofHours(1)));
        assertThat(freshness.freshUntil(response(null, null, "Mon, 01 Jan 2024 00:00:00 GMT", DATE)))
                .contains(RECEIVED.plus(Duration.ofHours(24)));
    }

    @Test
    void withNothingToGoByTheWindowAppliesAndAZeroWindowMeansAlwaysAsk() {
        assertThat(freshness.freshUntil(response(null, null, null, null)))
                .contains(RECEIVED.plus(Duration.ofHours(24)));
        assertThat(new Freshness(Duration.ZERO).freshUntil(response(null, null, null, null))).contains(RECEIVED);
    }

    private static OriginResponse response(String cacheControl, String expires, String lastModified, String date) {
        return new OriginResponse(false, "\"v1\"", lastModified, cacheControl, expires, date, null, RECEIVED);
    }
}
