package dev.cloudget.gateway.auth;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.gateway.problems.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 403 as RFC 9457 problem+json: a valid token without the scope the path needs (e.g. admin). */
class ProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return ProblemResponses.write(exchange, HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                "This token does not grant access to this resource");
    }
}
