package dev.cloudget.links.classify;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Takes off the wrappers Chinese download managers put around an ordinary link so that only their client opens
 * it: {@code thunder://} (Xunlei) is base64 of {@code AA<link>ZZ}, {@code flashget://} is base64 of
 * {@code [FLASHGET]<link>[FLASHGET]}, optionally followed by {@code &<referrer id>}, and {@code qqdl://} (QQ
 * Xuanfeng) is base64 of the link. A wrapper says nothing about the download, so the link inside alone decides its
 * kind and source key.
 */
final class WrappedLinks {

    // Pages written for Chinese Windows encoded the inner link in the system code page.
    private static final Charset GBK = Charset.forName("GBK");
    private static final String FLASHGET_MARK = "[FLASHGET]";

    private WrappedLinks() {
    }

    /**
     * @param scheme {@code thunder}, {@code flashget} or {@code qqdl}
     * @param link   the whole link, whose scheme is {@code scheme} in any case
     * @return the link inside, not yet checked in any way
     * @throws LinkRejected ({@code invalid-link}) when the wrapper is malformed or wraps nothing
     */
    static String unwrap(String scheme, String link) {
        String payload = link.substring(scheme.length() + 1);
        if (!payload.startsWith("//")) {
            throw LinkRejected.invalid("A " + scheme + " link is " + scheme + ":// followed by base64");
        }
        payload = payload.substring(2);
        if (scheme.equals("flashget")) {
            int referrer = payload.indexOf('&');
            if (referrer >= 0) {
                payload = payload.substring(0, referrer);
            }
        }
        payload = payload.strip();
        if (payload.isEmpty()) {
            throw LinkRejected.invalid("The " + scheme + ":// link wraps no link");
        }
        String text = text(scheme, base64(scheme, payload));
        String inner = switch (scheme) {
            case "thunder" -> between(scheme, text, "AA", "ZZ");
            case "flashget" -> between(scheme, text, FLASHGET_MARK, FLASHGET_MARK);
            default -> text;
        };
        if (inner.isBlank()) {
            throw LinkRejected.invalid("The " + scheme + ":// link wraps no link");
        }
        return inner;
    }

    /** Standard or URL-safe alphabet, padded or not, the padding perhaps %-escaped by a web page. */
    private static byte[] base64(String scheme, String payload) {
        String text = payload;
        if (text.endsWith("=/")) {
            // some pages add a slash after the padding; after '=' it cannot be base64
            text = text.substring(0, text.length() - 1);
        }
        if (text.indexOf('%') >= 0) {
            try {
                text = new String(Bytes.percentDecode(text), StandardCharsets.ISO_8859_1);
            } catch (IllegalArgumentException e) {
                throw notBase64(scheme);
            }
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=' && text.length() - end < 2) {
            end--;
        }
        text = text.substring(0, end).replace('-', '+').replace('_', '/');
        if (text.length() % 4 == 1) {
            throw notBase64(scheme);
        }
        try {
            return Base64.getDecoder().decode(text + "==".substring(0, (4 - text.length() % 4) % 4));
        } catch (IllegalArgumentException e) {
            throw notBase64(scheme);
        }
    }

    /** UTF-8 when the bytes are valid UTF-8, else GBK: a GBK link is rarely also valid UTF-8. */
    private static String text(String scheme, byte[] bytes) {
        return Bytes.decode(bytes, StandardCharsets.UTF_8)
                .or(() -> Bytes.decode(bytes, GBK))
                .orElseThrow(() -> LinkRejected.invalid(
                        "The " + scheme + ":// link does not wrap text in UTF-8 or GBK"));
    }

    private static String between(String scheme, String text, String start, String end) {
        if (text.length() < start.length() + end.length() || !text.startsWith(start) || !text.endsWith(end)) {
            throw LinkRejected.invalid("The " + scheme + ":// link does not wrap its link in " + start + "…" + end
                    + " as " + scheme + " links do");
        }
        return text.substring(start.length(), text.length() - end.length());
    }

    private static LinkRejected notBase64(String scheme) {
        return LinkRejected.invalid("The " + scheme + ":// link is not followed by valid base64");
    }
}
