package dev.cloudget.contracts.web;

import java.net.URI;

/** Stable RFC 9457 problem {@code type} URIs, one per failure clients can tell apart. */
public final class Problems {

    public static final String BASE = "https://cloudget.dev/problems/";

    public static final URI INVALID_REQUEST = type("invalid-request");
    public static final URI MALFORMED_JSON = type("malformed-json");
    public static final URI INVALID_LINK = type("invalid-link");
    public static final URI UNSUPPORTED_SCHEME = type("unsupported-scheme");
    public static final URI UNSUPPORTED_SOURCE = type("unsupported-source");
    public static final URI BLOCKED_ADDRESS = type("blocked-address");
    public static final URI NOT_FOUND = type("not-found");
    public static final URI UNAUTHENTICATED = type("unauthenticated");
    public static final URI FORBIDDEN = type("forbidden");
    public static final URI RANGE_NOT_SATISFIABLE = type("range-not-satisfiable");
    public static final URI CONTENT_EXPIRED = type("content-expired");
    public static final URI IDEMPOTENCY_CONFLICT = type("idempotency-conflict");
    public static final URI WORKER_FULL = type("worker-full");
    public static final URI UPSTREAM_UNAVAILABLE = type("upstream-unavailable");
    public static final URI INTERNAL_ERROR = type("internal-error");

    public static URI type(String slug) {
        return URI.create(BASE + slug);
    }

    private Problems() {
    }
}
