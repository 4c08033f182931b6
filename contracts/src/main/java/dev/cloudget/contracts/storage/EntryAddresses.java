package dev.cloudget.contracts.storage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Entry addresses as capability URLs: {@code /d/{entryId}/{fileName}?expires={epochSeconds}&signature={hmac}},
 * relative to the public gateway URL. Whoever holds one may download the file with no other credential (a browser,
 * curl, wget, aria2c, a BitTorrent client's web seed) until it expires. The signature is HMAC-SHA256 over the entry,
 * its owner and the expiry, with a key task-management (which hands the addresses out) and storage-service (which
 * serves them) share; the file name in the path is only for the client's benefit (downloaders save under it) and is
 * not signed: storage-service names the download from the entry.
 *
 * <p>A task's files together as one ZIP have an address of the same kind, {@code /z/{bundle}/{name}.zip?expires=…
 * &signature=…}, signed over the bundle (the task), its owner and the expiry with another tag, so that neither kind
 * of signature passes for the other.
 */
public final class EntryAddresses {

    /** Where capability URLs live; the gateway routes it to storage-service without asking for a token. */
    public static final String PREFIX = "/d/";
    /** Where the ZIP form of a bundle of entries lives; the gateway routes it like {@link #PREFIX}. */
    public static final String ZIP_PREFIX = "/z/";
    public static final String EXPIRES = "expires";
    public static final String SIGNATURE = "signature";
    /** The shortest key accepted: 256 bits of a random key, written as text. */
    public static final int MIN_KEY_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String ENTRY_TAG = "cloudget-entry-v1";
    private static final String ZIP_TAG = "cloudget-zip-v1";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** Initialised once; each signature works on a clone (a provider lookup and key set-up per URL cost more). */
    private final Mac prototype;

    /** @throws IllegalArgumentException when the key is missing or shorter than {@value #MIN_KEY_LENGTH} characters */
    public EntryAddresses(String key) {
        if (key == null || key.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the entry signing key (cloudget.entries.signing-key, "
                    + "CLOUDGET_ENTRY_SIGNING_KEY) must be at least " + MIN_KEY_LENGTH + " characters");
        }
        try {
            this.prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + ALGORITHM, e);
        }
    }

    /** The signed address of {@code entry}, relative to the gateway; {@code path} may be a torrent's relative path. */
    public String pathOf(UUID entry, String owner, String path, Instant expires) {
        long seconds = expires.getEpochSecond();
        return PREFIX + entry + "/" + encode(fileNameOf(path)) + "?" + EXPIRES + "=" + seconds + "&" + SIGNATURE
                + "=" + signature(ENTRY_TAG, entry, owner, seconds);
    }

    /** The signed address of the ZIP of {@code bundle}'s entries, saved as {@code name} (".zip" is added). */
    public String zipPathOf(UUID bundle, String owner, String name, Instant expires) {
        long seconds = expires.getEpochSecond();
        String file = fileNameOf(name);
        return ZIP_PREFIX + bundle + "/" + encode(file.endsWith(".zip") ? file : file + ".zip") + "?" + EXPIRES + "="
                + seconds + "&" + SIGNATURE + "=" + signature(ZIP_TAG, bundle, owner, seconds);
    }

    /** Whether {@code signature} signs the ZIP address of {@code bundle} for its owner and the expiry. */
    public boolean verifiesZip(UUID bundle, String owner, long expires, String signature) {
        return matches(signature(ZIP_TAG, bundle, owner, expires), signature);
    }

    /** Whether {@code signature} is this key's signature of the entry, its owner and the expiry (constant time). */
    public boolean verifies(UUID entry, String owner, long expires, String signature) {
        return matches(signature(ENTRY_TAG, entry, owner, expires), signature);
    }

    private static boolean matches(String expected, String signature) {
        return signature != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String tag, UUID subject, String owner, long expires) {
        try {
            Mac mac = (Mac) prototype.clone();
            // a version tag and separators no field can contain (UUID, decimal digits; the owner goes last)
            byte[] signed = (tag + "\n" + subject + "\n" + expires + "\n" + owner)
                    .getBytes(StandardCharsets.UTF_8);
            return BASE64URL.encodeToString(mac.doFinal(signed));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's " + ALGORITHM + " is cloneable", e);
        }
    }

    /**
     * What a ZIP of files at {@code paths} is called (".zip" aside): the single file's name, the one top folder all of
     * them share, or "download". Task-management names the address by it, storage-service the download.
     */
    public static String archiveNameOf(List<String> paths) {
        if (paths.size() == 1) {
            String only = paths.getFirst();
            return only.substring(only.lastIndexOf('/') + 1);
        }
        String top = null;
        for (String path : paths) {
            int slash = path.indexOf('/');
            String first = slash < 0 ? null : path.substring(0, slash);
            if (first == null || (top != null && !top.equals(first))) {
                return "download";
            }
            top = first;
        }
        return top == null ? "download" : top;
    }

    /** The last component of a file's path: what a downloader saves the file as. */
    static String fileNameOf(String path) {
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        // "." and ".." would be dot-segments that clients resolve away
        return name.isBlank() || name.chars().allMatch(c -> c == '.') ? "file" : name;
    }

    private static String encode(String name) {
        // a path segment: spaces as %20, not +; nothing that would end the segment or start a query
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
