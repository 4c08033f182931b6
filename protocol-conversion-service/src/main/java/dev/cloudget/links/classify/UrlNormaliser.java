package dev.cloudget.links.classify;

import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.platform.guard.Ipv4Hosts;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * RFC 3986 section 6 normalisation of http, https and ftp URLs, so that two spellings of one
 * resource give one source key (and so one download).
 *
 * <p>Applied: lower-case scheme and host, IDN host to punycode, default port dropped, empty path to
 * {@code /}, dot segments removed, percent-escapes in the path upper-cased and unreserved ones
 * decoded, the fragment dropped. The query is kept as given because servers may give its order,
 * case and encoding meaning; only characters that cannot appear in a URI at all are escaped there.
 * Characters that cannot appear in a URI (spaces, non-ASCII) are percent-encoded as UTF-8, and a
 * stray {@code %} becomes {@code %25}, the way browsers send them.
 */
final class UrlNormaliser {

    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.?");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-f:.]+]");
    private static final String HEX = "0123456789ABCDEF";

    private UrlNormaliser() {
    }

    /**
     * @param link a trimmed link whose scheme (any case) is http, https or ftp
     * @throws LinkRejected ({@code invalid-link}) when it has no host, carries credentials or is malformed
     */
    static URI normalise(String link) {
        int colon = link.indexOf(':');
        String scheme = colon < 0 ? "" : link.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!HttpSource.SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("not an http, https or ftp link: " + link);
        }
        String rest = link.substring(colon + 1);
        if (!rest.startsWith("//")) {
            throw LinkRejected.invalid("The link has no host: expected " + scheme + "://host/path");
        }
        rest = rest.substring(2);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = rest.substring(0, authorityEnd);
        String pathAndQuery = rest.substring(authorityEnd);

        if (authority.indexOf('@') >= 0) {
            // Credentials would end up in the source key, in logs and in every other user's copy of the task.
            throw LinkRejected.invalid("Links with a user name or password (user:pass@host) are not accepted: "
                    + "credentials would be stored and shared with the download");
        }
        String hostPart;
        String portPart;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw LinkRejected.invalid("The IPv6 address in the link is not closed with ']'");
            }
            hostPart = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw LinkRejected.invalid("Unexpected characters after the IPv6 address: " + after);
            }
            portPart = after.isEmpty() ? "" : after.substring(1);
        } else {
            int portColon = authority.lastIndexOf(':');
            hostPart = portColon < 0 ? authority : authority.substring(0, portColon);
            portPart = portColon < 0 ? "" : authority.substring(portColon + 1);
        }
        String host = normaliseHost(hostPart);
        int port = parsePort(portPart);

        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);

        path = removeDotSegments(normalisePath(path));
        if (path.isEmpty()) {
            path = "/";
        }
        StringBuilder url = new StringBuilder(scheme).append("://").append(host);
        if (port >= 0 && port != defaultPort(scheme)) {
            url.append(':').append(port);
        }
        url.append(path);
        if (query != null) {
            url.append('?').append(escapeQuery(query));
        }
        if (url.length() > SourceKey.MAX_LENGTH) {
            throw LinkRejected.invalid("The normalised link is longer than " + SourceKey.MAX_LENGTH + " characters");
        }
        try {
            URI uri = new URI(url.toString());
            if (uri.getHost() == null) {
                throw LinkRejected.invalid("The host name '" + host + "' is not valid");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw LinkRejected.invalid("The link is not a valid URL: " + e.getReason());
        }
    }

    private static String normaliseHost(String raw) {
        if (raw.isEmpty()) {
            throw LinkRejected.invalid("The link has no host");
        }
        if (raw.startsWith("[")) {
            String literal = raw.toLowerCase(Locale.ROOT);
            if (!IPV6_LITERAL.matcher(literal).matches()) {
                throw LinkRejected.invalid("'" + raw + "' is not a valid IPv6 address");
            }
            return literal;
        }
        String decoded = raw.indexOf('%') >= 0 ? percentDecode(raw) : raw;
        String ascii;
        try {
            ascii = IDN.toASCII(decoded).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw LinkRejected.invalid("The host name '" + raw + "' is not valid: " + e.getMessage());
        }
        if (!HOST_NAME.matcher(ascii).matches()) {
            throw LinkRejected.invalid("The host name '" + raw + "' is not valid");
        }
        if (Ipv4Hosts.isAmbiguous(ascii)) {
            // 0177.0.0.1 is 127.0.0.1 to browsers and curl, 177.0.0.1 to others, a host name to DNS: never guess
            throw LinkRejected.ambiguousAddress(ascii);
        }
        // a plain a.b.c.d, perhaps with the trailing dot of a fully qualified name, which is dropped
        return Ipv4Hosts.canonical(ascii).orElse(ascii);
    }

    private static int parsePort(String raw) {
        if (raw.isEmpty()) {
            return -1;
        }
        if (raw.length() > 5 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw LinkRejected.invalid("The port '" + raw + "' is not a number from 1 to 65535");
        }
        int port = Integer.parseInt(raw);
        if (port < 1 || port > 65535) {
            throw LinkRejected.invalid("The port '" + raw + "' is not a number from 1 to 65535");
        }
        return port;
    }

    private static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http" -> 80;
            case "https" -> 443;
            case "ftp" -> 21;
            default -> -1;
        };
    }

    /** Upper-cases escapes, decodes escaped unreserved characters, escapes what may not appear in a path. */
    static String normalisePath(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '%' && isEscape(path, i)) {
                int value = Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16);
                if (isUnreserved(value)) {
                    out.append((char) value);
                } else {
                    appendEscaped(out, value);
                }
                i += 3;
            } else if (c != '%' && (isPathChar(c) || c == '/')) {
                out.append(c);
                i++;
            } else {
                i += appendEncoded(out, path, i);
            }
        }
        return out.toString();
    }

    /** Leaves the query as the user wrote it, except for characters no URI may contain. */
    static String escapeQuery(String query) {
        StringBuilder out = new StringBuilder(query.length());
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (c == '%' ? isEscape(query, i) : isQueryChar(c)) {
                out.append(c);
                i++;
            } else {
                i += appendEncoded(out, query, i);
            }
        }
        return out.toString();
    }

    /** RFC 3986 section 5.2.4. */
    static String removeDotSegments(String path) {
        String input = path;
        StringBuilder output = new StringBuilder(path.length());
        while (!input.isEmpty()) {
            if (input.startsWith("../")) {
                input = input.substring(3);
            } else if (input.startsWith("./")) {
                input = input.substring(2);
            } else if (input.startsWith("/./")) {
                input = input.substring(2);
            } else if (input.equals("/.")) {
                input = "/";
            } else if (input.startsWith("/../")) {
                input = input.substring(3);
                dropLastSegment(output);
            } else if (input.equals("/..")) {
                input = "/";
                dropLastSegment(output);
            } else if (input.equals(".") || input.equals("..")) {
                input = "";
            } else {
                int next = input.indexOf('/', input.startsWith("/") ? 1 : 0);
                if (next < 0) {
                    next = input.length();
                }
                output.append(input, 0, next);
                input = input.substring(next);
            }
        }
        return output.toString();
    }

    private static void dropLastSegment(StringBuilder output) {
        int slash = output.lastIndexOf("/");
        output.setLength(Math.max(slash, 0));
    }

    private static boolean isEscape(String s, int i) {
        return i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
                && Character.digit(s.charAt(i + 2), 16) >= 0;
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isPathChar(char c) {
        return isUnreserved(c) || "!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    private static boolean isQueryChar(char c) {
        // '[' and ']' are common in queries (a[]=1) and accepted by java.net.URI there, so they stay.
        return isPathChar(c) || c == '/' || c == '?' || c == '[' || c == ']';
    }

    /** Percent-encodes the code point at {@code i} as UTF-8; returns how many chars it consumed. */
    private static int appendEncoded(StringBuilder out, String s, int i) {
        int codePoint = s.codePointAt(i);
        for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
            appendEscaped(out, b & 0xff);
        }
        return Character.charCount(codePoint);
    }

    private static void appendEscaped(StringBuilder out, int value) {
        out.append('%').append(HEX.charAt(value >> 4)).append(HEX.charAt(value & 0xf));
    }

    private static String percentDecode(String s) {
        byte[] bytes = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && isEscape(s, i)) {
                bytes[n++] = (byte) Integer.parseInt(s, i + 1, i + 3, 16);
                i += 2;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                // a non-ASCII host mixed with escapes: leave it to IDN as written
                return s;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }
}
