package dev.cloudget.gateway.problems;

import dev.cloudget.contracts.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.net.ConnectException;
import java.net.URI;
import java.util.Optional;

/**
 * Every error the gateway itself answers is problem+json, never Spring's default error JSON. A service that cannot be
 * reached or does not answer in time is {@code 503 upstream-unavailable} with {@code Retry-After}: the client tries
 * again later, and nothing of the failure (addresses, exception text) is shown to it; the log has it.
 */
@Component
@Order(-2) // before Boot's DefaultErrorWebExceptionHandler
class ProblemErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            // a body is already on its way (a download that broke off): nothing can be said any more
            return Mono.error(failure);
        }
        if (unreachable(failure)) {
            log.warn("{} unavailable: {}", describe(exchange), failure.toString());
            exchange.getResponse().getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
            return ProblemResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, Problems.UPSTREAM_UNAVAILABLE,
                    "Service unavailable", "The service behind this path is not answering; try again shortly");
        }
        HttpStatus status = failure instanceof ResponseStatusException answered
                ? Optional.ofNullable(HttpStatus.resolve(answered.getStatusCode().value()))
                        .orElse(HttpStatus.INTERNAL_SERVER_ERROR)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        if (status.is5xxServerError()) {
            log.error("{} failed", describe(exchange), failure);
        }
        if (!(failure instanceof ResponseStatusException)) {
            return ProblemResponses.write(exchange, status, Problems.INTERNAL_ERROR, "Internal error",
                    "The gateway could not handle this request");
        }
        return ProblemResponses.write(exchange, status, typeOf(status), status.getReasonPhrase(),
                status == HttpStatus.NOT_FOUND ? "No such resource" : status.getReasonPhrase());
    }

    /** "Route <id> for <method> <path>", for the log. */
    private static String describe(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        return "Route " + (route == null ? "none" : route.getId()) + " for " + exchange.getRequest().getMethod() + " "
                + exchange.getRequest().getPath().value();
    }

    /**
     * Connection refused or not accepted in time ({@code ConnectTimeoutException} is a {@link ConnectException}), a
     * 503/504 the routing filter answered (it turns a response timeout into a 504), or the service's circuit breaker
     * open ({@link ServiceUnavailableException}), anywhere in the causes.
     */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof ServiceUnavailableException) {
                return true;
            }
            if (cause instanceof ResponseStatusException status
                    && (status.getStatusCode().value() == 503 || status.getStatusCode().value() == 504)) {
                return true;
            }
        }
        return false;
    }

    private static URI typeOf(HttpStatus status) {
        if (status == HttpStatus.NOT_FOUND) {
            return Problems.NOT_FOUND;
        }
        return status.is4xxClientError() ? Problems.INVALID_REQUEST : Problems.INTERNAL_ERROR;
    }
}
