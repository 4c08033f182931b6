package dev.cloudget.gateway.upstream;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.ConnectException;

/**
 * A read ({@code GET}, {@code HEAD}) whose service refused the connection or did not accept it in time is tried once
 * more: the service never saw it, and one instance restarting or a stale pooled address then costs the client
 * nothing. Writes are never retried, nor a read the service answered. Not Spring Cloud Gateway's Retry filter: that
 * one caches every request body of its route in memory to replay it, which would turn streamed uploads into buffered
 * ones.
 */
@Component
class RetryRefusedReadsFilter implements GlobalFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).onErrorResume(RetryRefusedReadsFilter::refused, refused -> {
            ServerWebExchangeUtils.reset(exchange);
            return chain.filter(exchange);
        });
    }

    /** {@code ConnectTimeoutException} is a {@link ConnectException} too. */
    private static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** Around the route's own filters (its circuit breaker counts each try), after the gateway's own checks. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1100;
    }
}
