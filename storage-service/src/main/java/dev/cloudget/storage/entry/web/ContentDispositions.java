package dev.cloudget.storage.entry.web;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition: attachment} for a user-supplied file name (it may come from a torrent
 * or a URL, so it is hostile until cleaned): a plain ASCII {@code filename=} for old clients and the
 * exact name as RFC 5987 / RFC 6266 {@code filename*=UTF-8''…}.
 */
final class ContentDispositions {

    private static final String FALLBACK_NAME = "download";
    private static final String HEX = "0123456789ABCDEF";

    private ContentDispositions() {
    }

    /** Types a browser would render or run in the page's origin: served as bytes to download, never as themselves. */
    private static final java.util.Set<String> ACTIVE_TYPES = java.util.Set.of("text/html", "application/xhtml+xml",
            "image/svg+xml", "application/xml", "text/xml", "application/javascript", "text/javascript",
            "application/x-javascript", "text/css", "application/wasm");

    /** The content type a file named {@code name} is served with: guessed from the name, unless it is active. */
    static String contentTypeOf(String name) {
        org.springframework.http.MediaType guessed = org.springframework.http.MediaTypeFactory
                .getMediaType(clean(name)).orElse(org.springframework.http.MediaType.APPLICATION_OCTET_STREAM);
        String type = guessed.getType() + "/" + guessed.getSubtype();
        return ACTIVE_TYPES.contains(type.toLowerCase(java.util.Locale.ROOT))
                ? org.springframework.http.MediaType.APPLICATION_OCTET_STREAM_VALUE : guessed.toString();
    }

    static String attachment(String name) {
        String clean = clean(name);
        return "attachment; filename=\"" + asciiFallback(clean) + "\"; filename*=UTF-8''" + encode(clean);
    }

    /**
     * Drops control characters (CR/LF would split the header), invisible formatting characters (bidi overrides such as
     * U+202E, which make {@code invoice\u202Efdp.exe} read as {@code invoiceexe.pdf}; zero-width characters) and double
     * quotes, and turns path separators into '_' so that no client writes outside its download folder.
     */
    static String clean(String name) {
        if (name == null) {
            return FALLBACK_NAME;
        }
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c == '/' || c == '\\') {
                out.append('_');
            } else if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != '"'
                    && Character.getType(c) != Character.FORMAT) {
                out.appendCodePoint(c);
            }
        });
        String cleaned = out.toString().strip();
        return cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..") ? FALLBACK_NAME : cleaned;
    }

    /** Printable ASCII only; '%' too is replaced, as some browsers would decode it. */
    private static String asciiFallback(String clean) {
        StringBuilder out = new StringBuilder(clean.length());
        for (int i = 0; i < clean.length(); ) {
            int c = clean.codePointAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '%' ? (char) c : '_');
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** RFC 5987 {@code value-chars}: attr-char as is, every other UTF-8 byte percent-encoded. */
    private static String encode(String clean) {
        StringBuilder out = new StringBuilder(clean.length() * 3);
        for (byte b : clean.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isAttrChar(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return out.toString();
    }

    private static boolean isAttrChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0;
    }
}
