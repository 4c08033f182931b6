package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.worker.AssignJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import dev.cloudget.platform.identity.ServiceTokens;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/** Hands a job to a worker at the address it advertised in its heartbeats. */
@Component
class WorkerClient {

    /** What became of an assignment. */
    enum Handover {
        /** The worker answered 2xx: it runs the job. */
        ACCEPTED,
        /** The worker certainly does not run the job: it answered 4xx (409 when full), or was never reached. */
        REFUSED,
        /**
         * No answer (read timeout, connection lost after sending, 5xx): the worker may have started the job,
         * so it must not be handed to anybody else; the same offer is sent again until the worker answers
         * for certain (a worker answers a repeat of a lease it runs or ran with 202).
         */
        UNKNOWN
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerClient.class);

    private final RestClient http;

    WorkerClient(RestClient.Builder builder, ServiceTokens tokens) {
        this.http = builder.requestInterceptor(tokens.authenticatingTo("download-worker")).build();
    }

    Handover assign(URI worker, AssignJob assignment) {
        URI endpoint = UriComponentsBuilder.fromUri(worker).path("/internal/jobs").build().toUri();
        try {
            http.post().uri(endpoint).body(assignment).retrieve().toBodilessEntity();
            return Handover.ACCEPTED;
        } catch (HttpClientErrorException e) {
            log.info("Worker at {} refused job {}: {}", worker, assignment.job(), e.getStatusCode());
            return Handover.REFUSED;
        } catch (RuntimeException e) {
            // not only RestClientException: some clients report a refused connection while writing the body
            // (HttpMessageNotWritableException); whatever escapes here would leave the lease unexplained
            if (neverSent(e)) {
                log.info("Worker at {} not reached for job {}: {}", worker, assignment.job(), e.getMessage());
                return Handover.REFUSED;
            }
            log.warn("No answer from worker at {} for job {} (lease {}): {}", worker, assignment.job(),
                    assignment.epoch().value(), e.getMessage());
            return Handover.UNKNOWN;
        }
    }

    /** Failures that happen before a connection exists, so the request cannot have reached the worker. */
    private static boolean neverSent(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (isConnectFailure(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (isConnectFailure(suppressed) || isConnectFailure(suppressed.getCause())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isConnectFailure(Throwable e) {
        return e instanceof ConnectException || e instanceof HttpConnectTimeoutException
                || e instanceof UnknownHostException || e instanceof NoRouteToHostException;
    }
}
