package dev.cloudget.worker.torrent;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.seeds.MetadataFailed;
import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.platform.identity.ServiceTokens;
import dev.cloudget.worker.engine.DownloadException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Client of the BT seed database (seed-parser-service): the metainfo of uploaded torrents, resolved magnets. */
@Component
public class SeedDatabase {

    static final MediaType BITTORRENT = MediaType.parseMediaType("application/x-bittorrent");

    private final RestClient client;

    SeedDatabase(RestClient.Builder builder, ServiceTokens tokens, SeedParserProperties properties) {
        this.client = builder.baseUrl(properties.url().toString())
                .requestInterceptor(tokens.authenticatingTo("seed-parser-service")).build();
    }

    /** The {@code .torrent} bytes of a READY seed. */
    byte[] metainfo(SeedId seed) throws DownloadException {
        try {
            byte[] bytes = client.get().uri("/internal/seeds/{id}/metainfo", seed.value()).retrieve().body(byte[].class);
            if (bytes == null || bytes.length == 0) {
                throw new DownloadException(FailureType.SEED_NOT_FOUND, "the seed database has no metainfo for " + seed);
            }
            return bytes;
        } catch (HttpClientErrorException.NotFound e) {
            throw new DownloadException(FailureType.SEED_NOT_FOUND, "the seed database has no torrent " + seed);
        } catch (RestClientException e) {
            throw new DownloadException(FailureType.INTERNAL_ERROR,
                    "seed-parser-service did not answer for " + seed + ": " + e.getMessage(), e);
        }
    }

    /** Hands a magnet's {@code info} dictionary, as the peers sent it, to the seed database. */
    void resolved(SeedId seed, byte[] info) {
        client.put().uri("/internal/seeds/{id}/metainfo", seed.value()).contentType(BITTORRENT).body(info)
                .retrieve().toBodilessEntity();
    }

    void failed(SeedId seed, FailureType type, String detail) {
        client.post().uri("/internal/seeds/{id}/failure", seed.value()).contentType(MediaType.APPLICATION_JSON)
                .body(new MetadataFailed(type, detail)).retrieve().toBodilessEntity();
    }
}
