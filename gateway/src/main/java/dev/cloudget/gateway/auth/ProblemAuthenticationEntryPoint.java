package dev.cloudget.gateway.auth;

import dev.cloudget.contracts.web.Problems;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

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
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer");
        String body = """
                {"type":"%s","title":"Unauthenticated","status":401,"detail":"%s","instance":"%s"}"""
                .formatted(Problems.UNAUTHENTICATED, detail, jsonEscape(exchange.getRequest().getPath().value()));
        DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }

    static String jsonEscape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
