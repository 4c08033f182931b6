package dev.cloudget.contracts.worker;

import java.time.Instant;

/**
 * What an HTTP origin said about the response a job's file came from (or, for a revalidation, the response that
 * confirmed the stored copy): the headers that decide how long the stored copy may be reused without asking
 * again (RFC 9111) and the validators to ask with. Header values are as sent, or null when absent.
 *
 * @param unchanged  the origin confirmed the stored copy ({@code 304}, or a {@code 200} with the same validators):
 *                   the job's files are the stored copy's and no body was read
 * @param receivedAt when the response arrived
 */
public record OriginResponse(boolean unchanged, String etag, String lastModified, String cacheControl,
        String expires, String date, String age, Instant receivedAt) {
}
