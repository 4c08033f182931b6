package dev.cloudget.tasks.remote;

import dev.cloudget.contracts.storage.CreateFileEntries;
import dev.cloudget.contracts.storage.ExtendFileEntries;
import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.FileEntriesMinted;
import dev.cloudget.contracts.storage.FileEntry;
import dev.cloudget.tasks.TasksProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import dev.cloudget.platform.identity.ServiceTokens;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Client of storage-service's file entries: the per-user entry addresses of stored content. */
@Component
public class StorageFiles {

    private final RestClient client;

    StorageFiles(RestClient.Builder builder, ServiceTokens tokens, TasksProperties properties) {
        this.client = RemoteCalls.client(builder, tokens, "storage-service", properties.storageUrl(), properties.remoteTimeout());
    }

    /**
     * Mints several entry addresses in one call; each result is that request's own (see {@link CreateFileEntries}).
     *
     * @throws dev.cloudget.platform.web.ProblemException 503 when storage cannot be reached or is down
     * @throws StorageRefusedException when storage refuses the whole call
     */
    public List<FileEntriesMinted.Result> createAll(List<CreateFileEntry> requests) {
        try {
            FileEntriesMinted minted = client.post()
                    .uri("/internal/files/batch")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new CreateFileEntries(requests))
                    .retrieve()
                    .body(FileEntriesMinted.class);
            if (minted == null || minted.results() == null || minted.results().size() != requests.size()) {
                throw new StorageRefusedException(502, "storage-service answered " + requests.size()
                        + " entry requests with another number of results", null);
            }
            return minted.results();
        } catch (RestClientException e) {
            throw failure(requests.size() + " file entries", e);
        }
    }

    /**
     * One result of {@link #createAll} as {@link #create} would have ended: the entry, or its exception.
     *
     * @throws ContentGoneException when storage no longer holds the content
     * @throws StorageRefusedException when storage refused this entry
     */
    public static FileEntry entryOf(CreateFileEntry request, FileEntriesMinted.Result result) {
        if (result.entry() != null && (result.status() == 200 || result.status() == 201)) {
            return result.entry();
        }
        if (result.status() == HttpStatus.NOT_FOUND.value()) {
            throw new ContentGoneException(request.sha256());
        }
        throw new StorageRefusedException(result.status(), "storage-service refused the file entry for "
                + request.name() + " with HTTP " + result.status() + ": " + result.detail(), null);
    }

    /**
     * Revokes an entry address; one storage no longer knows counts as revoked.
     *
     * @throws StorageRefusedException when storage refuses (any other 4xx, a 5xx but 502/503/504)
     * @throws dev.cloudget.platform.web.ProblemException 503 when storage cannot be reached or is down
     */
    public void revoke(UUID entryId) {
        try {
            client.delete().uri("/internal/files/{id}", entryId).retrieve().toBodilessEntity();
        } catch (HttpClientErrorException.NotFound alreadyGone) {
            // nothing left to revoke
        } catch (RestClientException e) {
            throw failure("revocation of file entry " + entryId, e);
        }
    }

    /**
     * Keeps the owner's entries, and their content, until {@code validUntil}.
     *
     * @throws ContentGoneException when storage no longer holds some of their content (410)
     * @throws StorageRefusedException when storage refuses (an entry it does not know for the owner, say)
     * @throws dev.cloudget.platform.web.ProblemException 503 when storage cannot be reached or is down
     */
    public void extend(String owner, List<UUID> entries, Instant validUntil) {
        try {
            client.post()
                    .uri("/internal/files/extend")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new ExtendFileEntries(owner, entries, validUntil))
                    .retrieve()
                    .toBodilessEntity();
        } catch (HttpClientErrorException.Gone gone) {
            throw new ContentGoneException(null);
        } catch (RestClientException e) {
            throw failure("extension of " + entries.size() + " file entries", e);
        }
    }

    /**
     * Only an outage stops the callers' rounds: no answer at all (I/O), or 502/503/504. Any other
     * error status concerns the one request, and is a {@link StorageRefusedException}.
     */
    private static RuntimeException failure(String what, RestClientException e) {
        if (e instanceof RestClientResponseException response && !outage(response.getStatusCode().value())) {
            String detail = response.getResponseBodyAsString().isBlank() ? "" : ": " + problemDetail(response);
            return new StorageRefusedException(response.getStatusCode().value(), "storage-service refused the "
                    + what + " with HTTP " + response.getStatusCode().value() + detail, e);
        }
        // I/O errors, 502/503/504, and an answer that cannot be read (a proxy's page, say): storage is not there
        return RemoteCalls.unavailable("storage-service", e);
    }

    /** Whether {@code e} is this client's answer to storage being unreachable or down (see {@link #failure}). */
    public static boolean unavailable(RuntimeException e) {
        return e instanceof ErrorResponse response
                && response.getStatusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value();
    }

    private static boolean outage(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /** The problem's {@code detail} if the body is one, else the body itself, shortened. */
    private static String problemDetail(RestClientResponseException response) {
        try {
            RemoteCalls.RemoteProblem problem = response.getResponseBodyAs(RemoteCalls.RemoteProblem.class);
            if (problem != null && problem.detail() != null) {
                return problem.detail();
            }
        } catch (RuntimeException notAProblem) {
            // fall back to the raw body
        }
        String body = response.getResponseBodyAsString().strip();
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
