package dev.cloudget.links.classify;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.guard.Ipv4Hosts;
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

    /**
     * A host that is an IPv4 address to browsers but written so that other programs read another address, or a host
     * name, into it: the user is asked to write the address they mean as {@code a.b.c.d}.
     */
    static LinkRejected ambiguousAddress(String host) {
        String browsersRead;
        try {
            browsersRead = "browsers read " + Ipv4Hosts.canonical(host).orElseThrow() + ", others may not";
        } catch (IllegalArgumentException e) {
            browsersRead = "browsers refuse it, DNS would be asked for it as a name";
        }
        return new LinkRejected(Problems.AMBIGUOUS_ADDRESS, "Ambiguous address", "The host '" + host
                + "' ends in a number, so it is an IPv4 address, but not one written as four decimal numbers from 0 "
                + "to 255 without leading zeros; programs read it differently (" + browsersRead
                + "). Write the address you mean as a.b.c.d");
    }

    /** The same refusal, its detail saying where in the link it was found. */
    LinkRejected within(String where) {
        return new LinkRejected(type(), getBody().getTitle(), where + ": " + getBody().getDetail());
    }

    public URI type() {
        return getBody().getType();
    }
}
