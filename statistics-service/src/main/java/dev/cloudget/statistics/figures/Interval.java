package dev.cloudget.statistics.figures;

import dev.cloudget.statistics.Series;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code interval} of a time series: an ISO-8601 duration from {@code PT1M} to {@code P7D} ({@code PT5M},
 * {@code PT1H}, {@code P1D}), or one of the words {@code minute}, {@code hour}, {@code day}, {@code week}.
 */
final class Interval {

    static final Duration DEFAULT = Duration.ofHours(1);

    private static final Map<String, Duration> WORDS = Map.of("minute", Duration.ofMinutes(1),
            "hour", Duration.ofHours(1), "day", Duration.ofDays(1), "week", Duration.ofDays(7));

    private Interval() {
    }

    static Duration parse(String interval) {
        if (interval == null || interval.isBlank()) {
            return DEFAULT;
        }
        Duration word = WORDS.get(interval.toLowerCase(Locale.ROOT));
        if (word != null) {
            return word;
        }
        try {
            return Duration.parse(interval);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("interval must be an ISO-8601 duration from " + Series.SHORTEST_STEP
                    + " to " + Series.LONGEST_STEP + " or one of minute, hour, day, week: " + interval);
        }
    }
}
