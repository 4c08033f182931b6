package dev.cloudget.links.classify;

import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.Metalinks;
import dev.cloudget.contracts.source.MagnetLinks;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.platform.guard.Ipv4Hosts;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides what kind of link a user pasted and turns the kinds we can fetch into a canonical source: http, https
 * and ftp URLs (a link to a Metalink document among them), magnet links (or an info-hash pasted alone), eMule ed2k file links, and any of these wrapped in a
 * Thunder, FlashGet or QQ link. Kinds we recognise but cannot fetch yet are refused with
 * {@code unsupported-source}, so a client can tell "not yet" from "never" ({@code unsupported-scheme}) and from
 * "not a link" ({@code invalid-link}).
 */
@Service
public class LinkClassifier {

    /**
     * Longest input read at all. A magnet with its trackers or a wrapped link may be longer than a source key;
     * what becomes a key is checked against {@link SourceKey#MAX_LENGTH} on its own.
     */
    static final int MAX_INPUT_LENGTH = 2 * SourceKey.MAX_LENGTH;
    /** Wrappers inside wrappers: real links have one; a deeper pile is someone playing. */
    static final int MAX_WRAPPERS = 3;

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\t\\r\\n]");
    /** A v1 info-hash pasted alone, in hex or base32, which qBittorrent and others read as a magnet. */
    private static final Pattern BARE_INFO_HASH = Pattern.compile("[0-9A-Fa-f]{40}|[A-Za-z2-7]{32}");

    public ClassifiedLink classify(String raw) {
        return classify(raw, 0);
    }

    private ClassifiedLink classify(String raw, int wrappers) {
        if (raw == null || raw.isBlank()) {
            throw LinkRejected.invalid("The link is empty");
        }
        if (raw.length() > MAX_INPUT_LENGTH) {
            // refuse absurd input before doing any work on it
            throw LinkRejected.invalid("The link is longer than " + MAX_INPUT_LENGTH + " characters");
        }
        // Links copied out of mail or chat often arrive wrapped over lines; browsers drop these too.
        String link = LINE_BREAKS.matcher(raw.strip()).replaceAll("");
        if (link.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw LinkRejected.invalid("The link contains control characters");
        }
        if (BARE_INFO_HASH.matcher(link).matches()) {
            return magnet("magnet:?xt=urn:btih:" + link);
        }
        Matcher scheme = SCHEME.matcher(link);
        if (!scheme.find()) {
            throw LinkRejected.invalid("The link has no scheme; expected something like https://host/path");
        }
        String name = scheme.group(1).toLowerCase(Locale.ROOT);
        return switch (name) {
            case "http", "https" -> urlSource("http", link);
            case "ftp" -> urlSource("ftp", link);
            case "magnet" -> magnet(link);
            case "ed2k" -> ed2k(Ed2kLinks.parse(link));
            case "thunder", "flashget", "qqdl" -> {
                if (wrappers == MAX_WRAPPERS) {
                    throw LinkRejected.invalid("The link is wrapped in more than " + MAX_WRAPPERS
                            + " Thunder, FlashGet or QQ links");
                }
                yield classify(WrappedLinks.unwrap(name, link), wrappers + 1);
            }
            default -> throw LinkRejected.unsupportedScheme(name);
        };
    }

    private static ClassifiedLink urlSource(String kind, String link) {
        if (link.length() > SourceKey.MAX_LENGTH) {
            throw LinkRejected.invalid("The link is longer than " + SourceKey.MAX_LENGTH + " characters");
        }
        URI url = UrlNormaliser.normalise(link);
        String path = url.getRawPath().toLowerCase(Locale.ROOT);
        if (path.endsWith(".torrent")) {
            throw LinkRejected.unsupportedSource(
                    "This is a link to a .torrent file; BitTorrent downloads are recognised but not supported yet");
        }
        if (Metalinks.isMetalink(path)) {
            // the worker fetches the document, through its destination guard, and then the files it describes
            MetalinkSource metalink = MetalinkSource.linked(url);
            return new ClassifiedLink("metalink", metalink, metalink.key());
        }
        HttpSource source = new HttpSource(url);
        return new ClassifiedLink(kind, source, source.key());
    }

    private static ClassifiedLink magnet(String link) {
        MagnetSource source;
        try {
            source = MagnetLinks.parse(link);
        } catch (IllegalArgumentException e) {
            throw LinkRejected.invalid(e.getMessage());
        }
        refuseAmbiguousHosts(source.trackers(), "A tracker (tr=) of the magnet link");
        refuseAmbiguousHosts(source.webSeeds(), "A web seed (ws=) of the magnet link");
        return new ClassifiedLink("magnet", source, source.key());
    }

    /** The worker would reach these as browsers read them; the user is asked to say which address they mean. */
    private static void refuseAmbiguousHosts(List<URI> urls, String where) {
        for (URI url : urls) {
            String authority = url.getRawAuthority();
            if (authority == null || authority.contains("[")) {
                continue;
            }
            String host = authority.substring(authority.lastIndexOf('@') + 1);
            int port = host.lastIndexOf(':');
            host = port < 0 ? host : host.substring(0, port);
            if (Ipv4Hosts.isAmbiguous(host)) {
                throw LinkRejected.ambiguousAddress(host).within(where);
            }
        }
    }

    private static ClassifiedLink ed2k(Ed2kSource source) {
        return new ClassifiedLink("ed2k", source, source.key());
    }
}
