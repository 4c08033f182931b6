package dev.cloudget.gateway.auth;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.gateway.problems.ProblemResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 as RFC 9457 problem+json (the same shape every service uses), with the RFC 6750
 * {@code WWW-Authenticate} challenge. The detail never says why a token failed beyond
 * "missing" or "invalid", so it teaches an attacker nothing.
 */
class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean tokenPresented = failure instanceof InvalidBearerTokenException
                || exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
        String detail = tokenPresented
                ? "The bearer token is invalid or has expired"
                : "A bearer token is required";
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
        return ProblemResponses.write(exchange, HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "Unauthenticated",
                detail);
    }
}
