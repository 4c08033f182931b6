package dev.cloudget.gateway.auth;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collection;

/**
 * Every {@code /api/**} request needs a valid HS256 bearer token: ours (issuer, audience), with a subject, an id and a
 * bounded lifetime.
 * Stateless (no session, no saved request) and without CSRF protection: the gateway serves an API
 * authenticated by a header, not by cookies, so there is no ambient credential to forge with.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    /** From a token whose {@code scope} claim contains {@code admin}. */
    static final String ADMIN_AUTHORITY = "SCOPE_admin";

    /**
     * @param managementPort the management server's own port (MANAGEMENT_SERVER_PORT), or -1 when the actuator is
     *                       served on the public port: on its own port (not published; Prometheus scrapes it)
     *                       {@code /actuator/prometheus} needs no token, on the public port it needs the admin scope
     */
    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder,
            @Value("${management.server.port:-1}") int managementPort) {
        ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint();
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .matchers(onManagementPort(managementPort, "/actuator/prometheus")).permitAll()
                        // exists only with the "local" profile; 404 otherwise
                        .pathMatchers(HttpMethod.POST, "/dev/token").permitAll()
                        // the farm view names every job's source: operators only
                        .pathMatchers("/api/v1/admin/**").hasAuthority(ADMIN_AUTHORITY)
                        // metrics name routes and internal addresses: operators only, not any user with a token
                        .pathMatchers("/actuator/**").hasAuthority(ADMIN_AUTHORITY)
                        .pathMatchers("/api/**").authenticated()
                        // nothing else is routed: a 404 is the honest answer (this includes /internal/**)
                        .anyExchange().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(jwtDecoder))
                        .authenticationEntryPoint(entryPoint))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(new ProblemAccessDeniedHandler()))
                .build();
    }

    /** {@code path} requested on the management server's own port; matches nothing while it shares the public one. */
    static ServerWebExchangeMatcher onManagementPort(int managementPort, String path) {
        ServerWebExchangeMatcher paths = ServerWebExchangeMatchers.pathMatchers(path);
        return exchange -> {
            InetSocketAddress local = exchange.getRequest().getLocalAddress();
            if (managementPort <= 0 || local == null || local.getPort() != managementPort) {
                return ServerWebExchangeMatcher.MatchResult.notMatch();
            }
            return paths.matches(exchange);
        };
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(JwtProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(properties.key())
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(validator(properties, Clock.systemUTC()));
        return decoder;
    }

    /**
     * Spring Security's checks (exp and nbf when present, the issuer) plus: our audience, an id ({@code jti}), iat and
     * exp at most the maximum lifetime apart, and a sub that is a user id fitting in a header unchanged (1..200
     * visible ASCII characters).
     */
    static OAuth2TokenValidator<Jwt> validator(JwtProperties properties, Clock clock) {
        JwtTimestampValidator expiryAndNotBefore = new JwtTimestampValidator(LifetimeValidator.CLOCK_SKEW);
        expiryAndNotBefore.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(
                expiryAndNotBefore,
                new JwtIssuerValidator(properties.issuer()),
                new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                        audience -> audience != null && audience.contains(properties.audience())),
                new JwtClaimValidator<String>(JwtClaimNames.JTI, id -> id != null && !id.isBlank()),
                new LifetimeValidator(properties.maxLifetime(), clock),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, Subjects::isUserId));
    }
}
