package dev.cloudget.storage.content;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.contracts.worker.CurrentLease;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.platform.identity.ServiceTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.net.URI;

/**
 * Asks task-distribution, which owns the leases, whether a worker's lease on a job is still the job's current one: a
 * worker that lost its job (paused past its lease, cut off) must not register content for it.
 */
@Component
class JobLeases {

    private static final Logger log = LoggerFactory.getLogger(JobLeases.class);

    private final RestClient distribution;

    JobLeases(RestClient.Builder builder, ServiceTokens tokens,
            @Value("${cloudget.services.distribution.url}") URI url) {
        this.distribution = builder.baseUrl(url.toString())
                .requestInterceptor(tokens.authenticatingTo("task-distribution-service")).build();
    }

    /**
     * Whether {@code epoch} is {@code job}'s current lease (a job never seen has none).
     *
     * @throws ProblemException 503 when task-distribution cannot say
     */
    boolean isCurrent(JobId job, LeaseEpoch epoch) {
        try {
            CurrentLease lease = distribution.get().uri("/internal/jobs/{job}/lease", job.value()).retrieve()
                    .body(CurrentLease.class);
            return lease != null && lease.epoch() == epoch.value();
        } catch (HttpClientErrorException.NotFound e) {
            return false;
        } catch (RestClientException e) {
            log.warn("task-distribution could not say whether lease {} of job {} is current", epoch.value(), job, e);
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, Problems.UPSTREAM_UNAVAILABLE,
                    "Upstream unavailable", "task-distribution could not say whether the lease is current");
        }
    }
}
