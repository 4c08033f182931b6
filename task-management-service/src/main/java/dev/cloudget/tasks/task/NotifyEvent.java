package dev.cloudget.tasks.task;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

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

    public static NotifyEvent of(String slug) {
        try {
            return valueOf(slug.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException unknown) {
            throw new IllegalArgumentException("events must be among completed, failed, expiring, expired; got '"
                    + slug + "'");
        }
    }
}
