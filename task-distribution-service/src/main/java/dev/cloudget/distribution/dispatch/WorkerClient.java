package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.worker.AssignJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;

/** Hands a job to a worker at the address it advertised in its heartbeats. */
@Component
class WorkerClient {

    private static final Logger log = LoggerFactory.getLogger(WorkerClient.class);

    private final RestClient http;

    WorkerClient(RestClient.Builder builder) {
        this.http = builder.build();
    }

    /** @return whether the worker accepted (2xx); a refusal (409 when full) or an unreachable worker is false */
    boolean assign(URI worker, AssignJob assignment) {
        URI endpoint = UriComponentsBuilder.fromUri(worker).path("/internal/jobs").build().toUri();
        try {
            http.post().uri(endpoint).body(assignment).retrieve().toBodilessEntity();
            return true;
        } catch (RestClientException e) {
            log.info("Worker at {} did not take job {}: {}", worker, assignment.job(), e.getMessage());
            return false;
        }
    }
}
