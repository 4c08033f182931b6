package dev.cloudget.tasks.remote;

import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.FileEntry;
import dev.cloudget.tasks.TasksProperties;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

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
     * @throws ContentGoneException  when storage no longer holds the content
     * @throws IllegalStateException when the id was already used for another entry (a bug, not an outage)
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
            throw new IllegalStateException("storage-service refused file entry " + request.id()
                    + ": the id names another entry", conflict);
        } catch (RestClientException e) {
            throw RemoteCalls.unavailable("storage-service", e);
        }
    }

    /** Revokes an entry address; one storage no longer knows counts as revoked. */
    public void revoke(UUID entryId) {
        try {
            client.delete().uri("/internal/files/{id}", entryId).retrieve().toBodilessEntity();
        } catch (HttpClientErrorException.NotFound alreadyGone) {
            // nothing left to revoke
        } catch (RestClientException e) {
            throw RemoteCalls.unavailable("storage-service", e);
        }
    }
}
