package dev.cloudget.tasks.task;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whom to tell about a task, and about what: an email address, a phone number (E.164) for SMS, a webhook URL
 * ({@code callbackUrl}), and the events they want. Any channel may be absent; {@link #NONE} tells nobody.
 */
public record Subscription(String email, String phone, String callbackUrl, Set<NotifyEvent> events) {

    public static final Subscription NONE = new Subscription(null, null, null, NotifyEvent.DEFAULTS);

    /** ITU-T E.164: a plus, a country code, at most 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    public static final int MAX_URL_LENGTH = 2048;

    public Subscription {
        email = blankToNull(email);
        phone = blankToNull(phone);
        callbackUrl = blankToNull(callbackUrl);
        events = events == null || events.isEmpty() ? NotifyEvent.DEFAULTS : Set.copyOf(EnumSet.copyOf(events));
        if (phone != null && !E164.matcher(phone).matches()) {
            throw new IllegalArgumentException("notify.phone must be an E.164 number such as +14155550123");
        }
        if (callbackUrl != null && callbackUrl.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("callbackUrl may have at most " + MAX_URL_LENGTH + " characters");
        }
    }

    public static Subscription email(String email) {
        return new Subscription(email, null, null, null);
    }

    /** Whether any channel is named. */
    public boolean any() {
        return email != null || phone != null || callbackUrl != null;
    }

    public boolean wants(NotifyEvent event) {
        return events.contains(event);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
