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
    /** 403: a capability URL whose signature does not match (altered, or signed with another key). */
    public static final URI ENTRY_SIGNATURE_INVALID = type("entry-signature-invalid");
    /** 410: a capability URL past its expiry, or an entry past its valid period. */
    public static final URI ENTRY_EXPIRED = type("entry-expired");
    public static final URI IDEMPOTENCY_CONFLICT = type("idempotency-conflict");
    public static final URI WORKER_FULL = type("worker-full");
    /** 409: the worker runs no engine the job's source can be fetched with ({@code EngineNeeds}); another may. */
    public static final URI ENGINE_UNAVAILABLE = type("engine-unavailable");
    public static final URI UPSTREAM_UNAVAILABLE = type("upstream-unavailable");
    /** Not bencode, or bencode that breaks the parser's limits (depth, sizes, duplicate or unsorted keys). */
    public static final URI TORRENT_MALFORMED = type("torrent-malformed");
    /** Bencode that is not a valid torrent (missing or inconsistent fields, piece length, piece count). */
    public static final URI TORRENT_INVALID = type("torrent-invalid");
    /** A file path in a torrent that could escape or break a file system (traversal, absolute, device names). */
    public static final URI UNSAFE_PATH = type("unsafe-path");
    /** The upload is larger than the seed parser accepts. */
    public static final URI TORRENT_TOO_LARGE = type("torrent-too-large");
    /** A file index the torrent does not have. */
    /** An uploaded Metalink document that does not parse or breaks the reader's limits. */
    public static final URI METALINK_MALFORMED = type("metalink-malformed");
    public static final URI METALINK_TOO_LARGE = type("metalink-too-large");
    public static final URI INVALID_FILE_SELECTION = type("invalid-file-selection");
    /** The seed is not READY (a magnet still resolving, or failed). */
    public static final URI SEED_NOT_READY = type("seed-not-ready");
    /** 409: what was asked needs a completed task (its files), and the task is not (or no longer) completed. */
    public static final URI TASK_NOT_COMPLETED = type("task-not-completed");
    /** A task asked for SMS notifications, and no SMS provider is configured. */
    public static final URI SMS_UNAVAILABLE = type("sms-unavailable");
    /** 429: the caller sent more than its share in the current window; {@code Retry-After} says when to try again. */
    public static final URI RATE_LIMITED = type("rate-limited");
    /** 413: a download report body larger than the statistics server accepts. */
    public static final URI REPORT_TOO_LARGE = type("report-too-large");
    public static final URI INTERNAL_ERROR = type("internal-error");
    /** A worker wrote for a job under a lease that is no longer the job's current one (it lost the job). */
    public static final URI LEASE_LOST = type("lease-lost");
    /** 413: a request body larger than the endpoint accepts, refused before it is parsed. */
    public static final URI REQUEST_TOO_LARGE = type("request-too-large");
    /** 413/422: what a task asks for is larger than this installation stores (declared or known size). */
    public static final URI TOO_LARGE = type("too-large");
    /** 409: the user holds as much as their quota allows (bytes held, jobs running); the detail says which. */
    public static final URI QUOTA_EXCEEDED = type("quota-exceeded");
    /**
     * 400: a link whose host is an IPv4 literal written in a form programs read differently (leading zeros, hex,
     * fewer than four parts, a numeric last label): {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 2130706433}.
     */
    public static final URI AMBIGUOUS_ADDRESS = type("ambiguous-address");
    /** 422: bytes that do not hash to what their sender said (storage reads new content back before keeping it). */
    public static final URI HASH_MISMATCH = type("hash-mismatch");
    /** 401/403 on {@code /internal/**}: no service credential, an invalid one, or one of a service not allowed here. */
    public static final URI SERVICE_UNAUTHORIZED = type("service-unauthorized");

    public static URI type(String slug) {
        return URI.create(BASE + slug);
    }

    private Problems() {
    }
}
