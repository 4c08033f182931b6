package dev.cloudget.tasks.remote;

import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.seeds.SeedSummary;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.tasks.TasksProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import dev.cloudget.platform.identity.ServiceTokens;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Client of the BT seed database (seed-parser-service): which torrent a seed id names, and its files. */
@Component
public class SeedCatalog {

    private final RestClient client;

    SeedCatalog(RestClient.Builder builder, ServiceTokens tokens, TasksProperties properties) {
        this.client = RemoteCalls.client(builder, tokens, "seed-parser-service", properties.seedParserUrl(), properties.remoteTimeout());
    }

    /** @throws ProblemException 404 {@code not-found} for a seed the database does not hold, 503 when it is down */
    public SeedSummary summary(SeedId seed) {
        try {
            return client.get().uri("/internal/seeds/{id}", seed.value()).retrieve().body(SeedSummary.class);
        } catch (HttpClientErrorException.NotFound unknown) {
            throw new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "No such torrent",
                    "There is no torrent " + seed + " in the seed database");
        } catch (RestClientException e) {
            throw RemoteCalls.unavailable("seed-parser-service", e);
        }
    }
}
