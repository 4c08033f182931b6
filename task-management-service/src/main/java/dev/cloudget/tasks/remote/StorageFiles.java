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
     * Mints an entry address.
     *
     * @throws ContentGoneException when storage no longer holds the content
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
