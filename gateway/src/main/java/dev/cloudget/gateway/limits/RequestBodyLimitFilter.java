package dev.cloudget.gateway.limits;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds every routed request body, so that no service parses (or even receives) more than its route allows: a
 * declared {@code Content-Length} over the limit is refused at once, before anything is forwarded; a body of unknown
 * length is counted as it streams through and cut off at the limit, so the service sees a body that never completes.
 * A route sets its limit in its metadata ({@code max-request-size: 11MB}); the others have the default.
 */
@Component
class RequestBodyLimitFilter implements GlobalFilter, Ordered {

    static final String METADATA_KEY = "max-request-size";

    private final DataSize defaultLimit;

    RequestBodyLimitFilter(LimitsProperties properties) {
        this.defaultLimit = properties.maxRequestSize();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long limit = limitOf(exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR));
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() > limit) {
            return Mono.error(new RequestTooLargeException(limit));
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().map(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        throw new RequestTooLargeException(limit);
                    }
                    return buffer;
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private long limitOf(Route route) {
        Object configured = route == null ? null : route.getMetadata().get(METADATA_KEY);
        return configured == null ? defaultLimit.toBytes() : DataSize.parse(configured.toString()).toBytes();
    }

    /**
     * Before the route's own filters (rate limit, circuit breaker): a refused body costs no token and no call. And
     * before Spring Cloud Gateway's body cache ({@code AdaptCachedBodyGlobalFilter}, {@code HIGHEST_PRECEDENCE + 1000}),
     * so that a route which caches bodies still never holds more than its limit.
     */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 999;
    }
}
