package dev.cloudget.tasks.task;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a subscriber may be told about a task. */
public enum NotifyEvent {
    /** Its files are stored: where to fetch them. */
    COMPLETED,
    /** The download failed: why. */
    FAILED,
    /** Its valid period ends soon ({@code cloudget.notifications.expiring-before} ahead). */
    EXPIRING,
    /** Its valid period ended (or its files were lost): its addresses answer 410 from now on. */
    EXPIRED;

    /** What a subscriber hears about when it did not choose. */
    public static final Set<NotifyEvent> DEFAULTS = EnumSet.of(COMPLETED, FAILED, EXPIRING);

    /** {@code completed} as clients write it. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The events as a PostgreSQL array literal of their names ({@code {COMPLETED,FAILED}}), in declared order. */
    public static String arrayLiteral(Set<NotifyEvent> events) {
        return events.stream().sorted().map(Enum::name).collect(Collectors.joining(",", "{", "}"));
    }

    /** The events named in {@code names} (as {@link #arrayLiteral} writes them); the defaults when there are none. */
    public static Set<NotifyEvent> ofNames(String[] names) {
        if (names == null) {
            return DEFAULTS;
        }
        Set<NotifyEvent> read = EnumSet.noneOf(NotifyEvent.class);
        for (String name : names) {
            read.add(valueOf(name));
        }
        return read;
    }

    public static NotifyEvent of(String slug) {
        try {
            return valueOf(slug.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException unknown) {
            throw new IllegalArgumentException("events must be among completed, failed, expiring, expired; got '"
                    + slug + "'");
        }
    }
}
