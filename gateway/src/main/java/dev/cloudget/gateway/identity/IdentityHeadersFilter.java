package dev.cloudget.gateway.identity;

import dev.cloudget.contracts.web.GatewayHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Services trust {@code X-Cloudget-User} when {@code X-Cloudget-Gateway-Secret} comes with it, so
 * no client may send either: every {@code X-Cloudget-*} header from outside is dropped, and the
 * gateway sets the user its token proves (and the scopes it grants, {@code X-Cloudget-Scopes}, so that a service
 * serving admin data checks them again) and the secret itself. The secret goes with every request it routes (the
 * request came through the gateway); the user only with an authenticated one — a service's anonymous paths (storage's
 * capability URLs) take requests without a user, every other path refuses them.
 */
@Component
class IdentityHeadersFilter implements GlobalFilter, Ordered {

    static final String PREFIX = "x-cloudget-";
    static final String SCOPE_CLAIM = "scope";

    private final String gatewaySecret;

    IdentityHeadersFilter(@Value("${cloudget.gateway.secret}") String gatewaySecret) {
        if (gatewaySecret == null || gatewaySecret.length() < 16) {
            throw new IllegalArgumentException("cloudget.gateway.secret (CLOUDGET_GATEWAY_SECRET) must be at least"
                    + " 16 characters");
        }
        this.gatewaySecret = gatewaySecret;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(principal -> Optional.of(((JwtAuthenticationToken) principal).getToken()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(token -> chain.filter(exchange.mutate()
                        .request(request -> request.headers(headers -> rewrite(headers, token.orElse(null),
                                gatewaySecret)))
                        .build()));
    }

    /**
     * Drops every client-sent {@code X-Cloudget-*} header and adds the gateway secret; with an authenticated
     * {@code token}, adds its user and its scopes. Without one no user is vouched for.
     */
    static void rewrite(HttpHeaders headers, Jwt token, String gatewaySecret) {
        for (String name : new ArrayList<>(headers.headerNames())) {
            if (name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                headers.remove(name);
            }
        }
        headers.set(GatewayHeaders.GATEWAY_SECRET, gatewaySecret);
        if (token != null) {
            headers.set(GatewayHeaders.USER_ID, token.getSubject());
            String scopes = scopesOf(token);
            if (!scopes.isEmpty()) {
                headers.set(GatewayHeaders.SCOPES, scopes);
            }
        }
    }

    /**
     * The token's {@code scope} claim, space-separated as RFC 8693 section 4.2 writes it (a JSON list is read too),
     * keeping only well-formed scope tokens (RFC 6749 section 3.3: visible ASCII but {@code "} and the backslash), so
     * nothing in it can bend a header.
     */
    static String scopesOf(Jwt token) {
        Stream<String> scopes = switch (token.getClaims().get(SCOPE_CLAIM)) {
            case String spaced -> Arrays.stream(spaced.split(" "));
            case Collection<?> listed -> listed.stream().map(String::valueOf);
            case null, default -> Stream.empty();
        };
        return scopes.filter(IdentityHeadersFilter::isScopeToken).collect(Collectors.joining(" "));
    }

    private static boolean isScopeToken(String scope) {
        return !scope.isEmpty() && scope.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\');
    }

    /** Before the routing filters, which run at the lowest precedence. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1000;
    }
}
