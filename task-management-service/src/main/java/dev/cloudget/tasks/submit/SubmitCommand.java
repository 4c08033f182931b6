package dev.cloudget.tasks.submit;

import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.source.FileSelection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a user asked for: a link, or a torrent already in the seed database ({@code seed}); which of a torrent's
 * files (null: every file); whom to notify (or null) and for how many days the result stays valid.
 */
public record SubmitCommand(String link, SeedId seed, FileSelection files, String notifyEmail, int validDays) {

    public static final int DEFAULT_VALID_DAYS = 7;
    public static final int MAX_VALID_DAYS = 365;

    public SubmitCommand {
        link = link == null || link.isBlank() ? null : link.strip();
        if ((link == null) == (seed == null)) {
            throw new IllegalArgumentException("give either a source link or a seedId");
        }
        if (validDays < 1 || validDays > MAX_VALID_DAYS) {
            throw new IllegalArgumentException("validDays must be 1.." + MAX_VALID_DAYS);
        }
        notifyEmail = notifyEmail == null || notifyEmail.isBlank() ? null : notifyEmail.strip();
    }

    public SubmitCommand(String link, String notifyEmail, int validDays) {
        this(link, null, null, notifyEmail, validDays);
    }

    /** What the task shows as its source: the link as given, or {@code seed:<id>}. */
    public String displaySource() {
        return link != null ? link : "seed:" + seed;
    }

    /**
     * A digest of everything the request said: a replay under the same {@code Idempotency-Key} has the
     * same fingerprint, a different request reusing the key does not.
     */
    public String fingerprint() {
        String canonical = displaySource() + '\n' + (files == null ? "*" : files.indices()) + '\n'
                + (notifyEmail == null ? "" : notifyEmail) + '\n' + validDays;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
