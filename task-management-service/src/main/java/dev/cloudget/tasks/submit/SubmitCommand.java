package dev.cloudget.tasks.submit;

import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.tasks.task.Subscription;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a user asked for: a link (with mirrors of the same file, or none), a torrent already in the seed database
 * ({@code seed}), or an uploaded Metalink; which of a torrent's files (null: every file); whom to notify, how and
 * about what ({@code subscription}; null when the request said nothing of it: the user's defaults apply) and for how
 * many days the result stays valid.
 */
public record SubmitCommand(String link, List<String> mirrors, SeedId seed, MetalinkSource metalink,
        FileSelection files, Subscription subscription, int validDays) {

    public static final int DEFAULT_VALID_DAYS = 7;
    public static final int MAX_VALID_DAYS = 365;
    public static final int MAX_MIRRORS = 32;

    public SubmitCommand {
        link = link == null || link.isBlank() ? null : link.strip();
        mirrors = mirrors == null ? List.of() : mirrors.stream().map(String::strip).distinct().toList();
        if (Stream.of(link, seed, metalink).filter(Objects::nonNull).count() != 1) {
            throw new IllegalArgumentException("give either a source link or a seedId");
        }
        if (!mirrors.isEmpty() && link == null) {
            throw new IllegalArgumentException("mirrors go with a source link");
        }
        if (mirrors.size() > MAX_MIRRORS) {
            throw new IllegalArgumentException("at most " + MAX_MIRRORS + " mirrors");
        }
        if (validDays < 1 || validDays > MAX_VALID_DAYS) {
            throw new IllegalArgumentException("validDays must be 1.." + MAX_VALID_DAYS);
        }
    }

    public SubmitCommand(String link, SeedId seed, FileSelection files, String notifyEmail, int validDays) {
        this(link, List.of(), seed, null, files, notifyEmail == null || notifyEmail.isBlank() ? null
                : Subscription.email(notifyEmail), validDays);
    }

    public SubmitCommand(String link, String notifyEmail, int validDays) {
        this(link, null, null, notifyEmail, validDays);
    }

    /** The command with whom it notifies decided (the user's defaults applied). */
    public SubmitCommand subscribing(Subscription decided) {
        return new SubmitCommand(link, mirrors, seed, metalink, files, decided, validDays);
    }

    /**
     * What the task shows as its source: the link as given, {@code seed:<id>}, or {@code metalink:} and the first
     * file's name (and how many more).
     */
    public String displaySource() {
        if (metalink != null) {
            int more = metalink.files().size() - 1;
            return "metalink:" + metalink.files().getFirst().name() + (more > 0 ? " (+" + more + " files)" : "");
        }
        return link != null ? link : "seed:" + seed;
    }

    /**
     * A digest of everything the request said: a replay under the same {@code Idempotency-Key} has the
     * same fingerprint, a different request reusing the key does not.
     */
    public String fingerprint() {
        String canonical = displaySource() + (mirrors.isEmpty() ? "" : " " + mirrors)
                + (metalink == null ? "" : " " + metalink.key()) + '\n' + (files == null ? "*" : files.indices()) + '\n'
                + (subscription == null ? "" : subscription.email() + ' ' + subscription.phone() + ' '
                        + subscription.callbackUrl() + ' ' + subscription.events().stream().sorted().toList())
                + '\n' + validDays;
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }
}
