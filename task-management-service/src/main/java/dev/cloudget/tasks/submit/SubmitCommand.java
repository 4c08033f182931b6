package dev.cloudget.tasks.submit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a user asked for: a link, whom to notify (or null) and for how many days the result stays valid.
 */
public record SubmitCommand(String link, String notifyEmail, int validDays) {

    public static final int DEFAULT_VALID_DAYS = 7;
    public static final int MAX_VALID_DAYS = 365;

    public SubmitCommand {
        if (link == null || link.isBlank()) {
            throw new IllegalArgumentException("source is empty");
        }
        if (validDays < 1 || validDays > MAX_VALID_DAYS) {
            throw new IllegalArgumentException("validDays must be 1.." + MAX_VALID_DAYS);
        }
        link = link.strip();
        notifyEmail = notifyEmail == null || notifyEmail.isBlank() ? null : notifyEmail.strip();
    }

    /**
     * A digest of everything the request said: a replay under the same {@code Idempotency-Key} has the
     * same fingerprint, a different request reusing the key does not.
     */
    public String fingerprint() {
        String canonical = link + '\n' + (notifyEmail == null ? "" : notifyEmail) + '\n' + validDays;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
