package dev.cloudget.tasks.content;

import dev.cloudget.contracts.worker.OriginResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long what a link served may be reused without asking the origin again: RFC 9111's freshness lifetime, as a
 * shared cache computes it (section 4.2), from the response the stored copy came from.
 * <ul>
 *   <li>{@code no-store} or {@code private}: never reused for another request (the content may still be found by
 *       its hash);</li>
 *   <li>{@code no-cache}: stale at once, so every request revalidates;</li>
 *   <li>{@code s-maxage}, else {@code max-age}, less the response's {@code Age}; else {@code Expires} relative to
 *       the response's {@code Date} (an unreadable {@code Expires}, such as {@code 0}, means already expired);</li>
 *   <li>otherwise the heuristic: a tenth of the time since {@code Last-Modified}, at most the configured window;
 *       with no {@code Last-Modified}, the window itself ({@code cloudget.freshness.window}, 0 to always ask).</li>
 * </ul>
 * Once stale, a link with validators is revalidated by a conditional request; without them it is fetched again.
 */
@Component
public class Freshness {

    private static final Pattern AGE_DIRECTIVE = Pattern.compile("(?:^|,)\\s*(s-maxage|max-age)\\s*=\\s*\"?(\\d+)\"?");
    private static final Pattern FLAG_DIRECTIVE = Pattern.compile("(?:^|,)\\s*(no-store|private|no-cache)\\s*(?:[,=]|$)");
    private static final long HEURISTIC_FRACTION = 10;
    /** RFC 9111 section 1.2.2: a delta-seconds too large to hold is taken as 2^31. */
    private static final Duration LONGEST = Duration.ofSeconds(2_147_483_648L);

    private final Duration window;

    Freshness(@Value("${cloudget.freshness.window:PT24H}") Duration window) {
        this.window = window;
    }

    /** Until when the stored copy may be reused without asking; empty when it must not be reused at all. */
    public Optional<Instant> freshUntil(OriginResponse origin) {
        Instant received = origin.receivedAt();
        String cacheControl = origin.cacheControl() == null ? "" : origin.cacheControl().toLowerCase(Locale.ROOT);
        boolean noCache = false;
        Matcher flags = FLAG_DIRECTIVE.matcher(cacheControl);
        while (flags.find()) {
            if (flags.group(1).equals("no-cache")) {
                noCache = true;
            } else {
                return Optional.empty();
            }
        }
        if (noCache) {
            return Optional.of(received);
        }
        Optional<Instant> date = httpDate(origin.date());
        Duration age = seconds(origin.age()).orElse(Duration.ZERO);
        Optional<Duration> maxAge = maxAge(cacheControl);
        if (maxAge.isPresent()) {
            return Optional.of(received.plus(maxAge.get()).minus(age));
        }
        if (origin.expires() != null) {
            Optional<Instant> expires = httpDate(origin.expires());
            if (expires.isEmpty()) {
                return Optional.of(received);
            }
            Duration lifetime = Duration.between(date.orElse(received), expires.get());
            return Optional.of(received.plus(lifetime).minus(age));
        }
        Optional<Instant> lastModified = httpDate(origin.lastModified());
        if (lastModified.isPresent()) {
            Duration sinceModified = Duration.between(lastModified.get(), date.orElse(received));
            Duration heuristic = sinceModified.isNegative() ? Duration.ZERO : sinceModified.dividedBy(HEURISTIC_FRACTION);
            return Optional.of(received.plus(heuristic.compareTo(window) < 0 ? heuristic : window).minus(age));
        }
        return Optional.of(received.plus(window).minus(age));
    }

    /** {@code s-maxage} wins over {@code max-age}: cloudget is a cache shared by its users. */
    private static Optional<Duration> maxAge(String cacheControl) {
        Matcher directive = AGE_DIRECTIVE.matcher(cacheControl);
        Duration maxAge = null;
        while (directive.find()) {
            Duration value = deltaSeconds(directive.group(2));
            if (directive.group(1).equals("s-maxage")) {
                return Optional.of(value);
            }
            maxAge = maxAge == null ? value : maxAge;
        }
        return Optional.ofNullable(maxAge);
    }

    private static Optional<Duration> seconds(String value) {
        return value == null || !value.strip().matches("\\d+") ? Optional.empty()
                : Optional.of(deltaSeconds(value.strip()));
    }

    private static Duration deltaSeconds(String digits) {
        return digits.length() > 10 ? LONGEST : Duration.ofSeconds(Math.min(Long.parseLong(digits), LONGEST.getSeconds()));
    }

    private static Optional<Instant> httpDate(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
