package dev.cloudget.tasks.remote;

import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.FileEntry;
import dev.cloudget.tasks.TasksProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import java.util.UUID;

/** Client of storage-service's file entries: the per-user entry addresses of stored content. */
@Component
public class StorageFiles {

    private final RestClient client;

    StorageFiles(RestClient.Builder builder, TasksProperties properties) {
        this.client = RemoteCalls.client(builder, properties.storageUrl(), properties.remoteTimeout());
    }

    /**
     * Mints the entry address {@code request.id()}; asking again for the same entry answers the one
     * already minted, so a call whose answer was lost can simply be repeated.
     *
     * @throws ContentGoneException when storage no longer holds the content
     * @throws StorageRefusedException when storage refuses this entry (any other 4xx, a 5xx but 502/503/504)
     * @throws dev.cloudget.platform.web.ProblemException 503 when storage cannot be reached or is down
     */
    public FileEntry create(CreateFileEntry request) {
        try {
            return client.post()
                    .uri("/internal/files")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(request)
                    .retrieve()
                    .body(FileEntry.class);
        } catch (HttpClientErrorException.NotFound gone) {
            throw new ContentGoneException(request.sha256());
        } catch (HttpClientErrorException.Conflict conflict) {
            // a bug, not an outage: the ids derive from task, job and file, so every retry would conflict
            throw new StorageRefusedException(conflict.getStatusCode().value(), "storage-service refused file entry "
                    + request.id() + " for " + request.name() + ": the id names another entry", conflict);
        } catch (RestClientException e) {
            throw failure("file entry for " + request.name(), e);
        }
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
