package dev.cloudget.links.classify;

import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.SourceKey;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what kind of link a user pasted and turns the kinds we can fetch into a canonical source.
 * Kinds we recognise but cannot fetch yet are refused with {@code unsupported-source}, so a client
 * can tell "not yet" from "never" ({@code unsupported-scheme}) and from "not a link" ({@code invalid-link}).
 */
@Service
public class LinkClassifier {

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\t\\r\\n]");

    public ClassifiedLink classify(String raw) {
        if (raw == null || raw.isBlank()) {
            throw LinkRejected.invalid("The link is empty");
        }
        if (raw.length() > SourceKey.MAX_LENGTH * 2) {
            // refuse absurd input before doing any work on it
            throw LinkRejected.invalid("The link is longer than " + SourceKey.MAX_LENGTH + " characters");
        }
        // Links copied out of mail or chat often arrive wrapped over lines; browsers drop these too.
        String link = LINE_BREAKS.matcher(raw.strip()).replaceAll("");
        if (link.length() > SourceKey.MAX_LENGTH) {
            throw LinkRejected.invalid("The link is longer than " + SourceKey.MAX_LENGTH + " characters");
        }
        if (link.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw LinkRejected.invalid("The link contains control characters");
        }
        Matcher scheme = SCHEME.matcher(link);
        if (!scheme.find()) {
            throw LinkRejected.invalid("The link has no scheme; expected something like https://host/path");
        }
        return switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
            case "http", "https" -> urlSource("http", link);
            case "ftp" -> urlSource("ftp", link);
            case "magnet" -> throw LinkRejected.unsupportedSource(
                    "Magnet links (BitTorrent) are recognised but not supported yet");
            case "ed2k" -> throw LinkRejected.unsupportedSource(
                    "eMule ed2k:// links are recognised but not supported yet");
            case "thunder", "qqdl", "flashget" -> throw LinkRejected.unsupportedSource(
                    "Thunder, QQ and FlashGet wrapped links are recognised but not supported yet; "
                            + "paste the original http(s) link instead");
            default -> throw LinkRejected.unsupportedScheme(scheme.group(1).toLowerCase(Locale.ROOT));
        };
    }

    private static ClassifiedLink urlSource(String kind, String link) {
        URI url = UrlNormaliser.normalise(link);
        String path = url.getRawPath().toLowerCase(Locale.ROOT);
        if (path.endsWith(".torrent")) {
            throw LinkRejected.unsupportedSource(
                    "This is a link to a .torrent file; BitTorrent downloads are recognised but not supported yet");
        }
        if (path.endsWith(".metalink") || path.endsWith(".meta4")) {
            throw LinkRejected.unsupportedSource(
                    "This is a link to a Metalink file; Metalink downloads are recognised but not supported yet");
        }
        HttpSource source = new HttpSource(url);
        return new ClassifiedLink(kind, source, source.key());
    }
}
