package dev.cloudget.gateway.devtoken;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.gateway.auth.JwtProperties;
import dev.cloudget.gateway.auth.Subjects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.time.Clock;

/**
 * {@code POST /dev/token?user=<id>}: a signed token for any user, so the local run and the web UI
 * can be tried without an identity provider. Exists only with the {@code local} profile.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
class DevTokenConfiguration {

    @Bean
    RouterFunction<ServerResponse> devTokenRoute(JwtProperties properties) {
        DevTokenIssuer issuer = new DevTokenIssuer(properties.key(), properties.issuer(), properties.audience(),
                properties.devTokenLifetime(), Clock.systemUTC());
        return RouterFunctions.route()
                .POST("/dev/token", request -> {
                    String user = request.queryParam("user").orElse("");
                    if (!Subjects.isUserId(user)) {
                        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                                "user must be 1..200 visible ASCII characters");
                        problem.setType(Problems.INVALID_REQUEST);
                        problem.setTitle("Invalid request");
                        return ServerResponse.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                                .bodyValue(problem);
                    }
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(issuer.issue(user));
                })
                .build();
    }
}
