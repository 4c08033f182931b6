package dev.cloudget.distribution.farm;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import dev.cloudget.platform.identity.ServiceTokens;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;

/**
 * Drains a worker for an operator: it takes no new job, hands back the leases of those it runs (distribution then
 * places them elsewhere at once) and advertises no capacity until it is let take jobs again.
 */
@Component
public class WorkerDrains {

    private final Farm farm;
    private final RestClient http;

    WorkerDrains(Farm farm, RestClient.Builder builder, ServiceTokens tokens) {
        this.farm = farm;
        this.http = builder.requestInterceptor(tokens.authenticatingTo("download-worker")).build();
    }

    /** @throws ProblemException 404 for a worker the farm does not know, 502 when it cannot be reached */
    public void drain(String workerId) {
        URI endpoint = endpointOf(workerId);
        call(workerId, () -> http.post().uri(endpoint).retrieve().toBodilessEntity());
    }

    public void undrain(String workerId) {
        URI endpoint = endpointOf(workerId);
        call(workerId, () -> http.delete().uri(endpoint).retrieve().toBodilessEntity());
    }

    private URI endpointOf(String workerId) {
        WorkerStatus worker = farm.all().stream().filter(known -> known.id().equals(workerId)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("Worker " + workerId));
        return UriComponentsBuilder.fromUri(worker.address()).path("/internal/drain").build().toUri();
    }

    private static void call(String workerId, Runnable request) {
        try {
            request.run();
        } catch (RestClientException e) {
            throw new ProblemException(HttpStatus.BAD_GATEWAY, Problems.UPSTREAM_UNAVAILABLE, "Worker unreachable",
                    "Worker " + workerId + " did not answer: " + e.getMessage());
        }
    }
}
