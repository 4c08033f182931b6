package dev.cloudget.gateway.limits;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.gateway.problems.ProblemResponses;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The gateway's own refusals, as problem+json: a user over a rate limit is {@code 429 rate-limited} with
 * {@code Retry-After} (the limiter's {@code X-RateLimit-*} headers stay), a body over its route's limit is
 * {@code 413 request-too-large}. The rate limiter throws when it refuses ({@code throw-on-limit}) rather than answer
 * its empty 429 itself.
 */
@Component
@Order(-3) // before the ProblemErrorHandler, which answers every other failure
class LimitProblemHandler implements WebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        if (failure instanceof HttpClientErrorException.TooManyRequests) {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            long seconds = retryAfterSeconds(headers);
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            return ProblemResponses.write(exchange, HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED,
                    "Rate limited", "Too many requests of this kind; try again in " + seconds + " s");
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLargeException tooLarge) {
                return ProblemResponses.write(exchange, HttpStatus.CONTENT_TOO_LARGE, Problems.REQUEST_TOO_LARGE,
                        "Request too large", "A request to this path may have at most " + tooLarge.limit()
                                + " bytes of body");
            }
        }
        return Mono.error(failure);
    }

    /**
     * How long until the bucket holds the tokens one request takes, from the limiter's headers: the tokens missing
     * over the replenish rate (tokens a second), rounded up, at least a second.
     */
    static long retryAfterSeconds(HttpHeaders limiterHeaders) {
        long rate = Math.max(1, number(limiterHeaders, RedisRateLimiter.REPLENISH_RATE_HEADER, 1));
        long requested = number(limiterHeaders, RedisRateLimiter.REQUESTED_TOKENS_HEADER, 1);
        long remaining = Math.max(0, number(limiterHeaders, RedisRateLimiter.REMAINING_HEADER, 0));
        long missing = Math.max(1, requested - remaining);
        return Math.max(1, (missing + rate - 1) / rate);
    }

    private static long number(HttpHeaders headers, String name, long otherwise) {
        String value = headers.getFirst(name);
        try {
            return value == null ? otherwise : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
