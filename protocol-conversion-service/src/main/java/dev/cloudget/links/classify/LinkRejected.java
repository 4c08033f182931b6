package dev.cloudget.links.classify;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import org.springframework.http.HttpStatus;

import java.net.URI;

/** A link we will not turn into a source; the problem {@code type} tells the caller which of three reasons. */
public final class LinkRejected extends ProblemException {

    private LinkRejected(URI type, String title, String detail) {
        super(HttpStatus.BAD_REQUEST, type, title, detail);
    }

    /** Not a well-formed link at all, or one we refuse on principle (credentials, too long). */
    static LinkRejected invalid(String detail) {
        return new LinkRejected(Problems.INVALID_LINK, "Invalid link", detail);
    }

    /** A well-formed link whose scheme means nothing to us. */
    static LinkRejected unsupportedScheme(String scheme) {
        return new LinkRejected(Problems.UNSUPPORTED_SCHEME, "Unsupported scheme",
                "Links with the scheme '" + scheme + ":' are not supported; use http, https, ftp, magnet or ed2k "
                        + "(or a Thunder, FlashGet or QQ link to one of these)");
    }

    /** A kind of link we recognise but have no engine for yet. */
    static LinkRejected unsupportedSource(String detail) {
        return new LinkRejected(Problems.UNSUPPORTED_SOURCE, "Unsupported source", detail);
    }

    public URI type() {
        return getBody().getType();
    }
}
