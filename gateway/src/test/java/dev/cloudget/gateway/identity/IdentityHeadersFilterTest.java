package dev.cloudget.gateway.identity;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityHeadersFilterTest {

    private static final String SECRET = "unit-gateway-secret-0123456789";

    private final IdentityHeadersFilter filter = new IdentityHeadersFilter(SECRET);

    @Test
    void replacesAClaimedIdentityWithTheTokenSubject() {
        HttpHeaders forwarded = forward(MockServerHttpRequest.get("/api/v1/tasks")
                .header("X-Cloudget-User", "mallory")
                .header("X-Cloudget-Gateway-Secret", "a-guess"), "alice");

        assertThat(forwarded.get("X-Cloudget-User")).containsExactly("alice");
        assertThat(forwarded.get("X-Cloudget-Gateway-Secret")).containsExactly(SECRET);
    }

    @Test
    void stripsEveryCloudgetHeaderWhateverItsCase() {
        HttpHeaders forwarded = forward(MockServerHttpRequest.get("/api/v1/tasks")
                .header("x-cloudget-role", "admin")
                .header("X-CLOUDGET-TENANT", "other")
                .header("X-Cloudget-User", "mallory", "eve")
                .header("Accept", "application/json"), "alice");

        assertThat(forwarded.headerNames())
                .filteredOn(name -> name.toLowerCase().startsWith("x-cloudget-"))
                .containsExactlyInAnyOrder("X-Cloudget-User", "X-Cloudget-Gateway-Secret");
        assertThat(forwarded.get("X-Cloudget-User")).containsExactly("alice");
        assertThat(forwarded.getFirst("Accept")).isEqualTo("application/json");
    }

    @Test
    void vouchesForNoUserWithoutATokenOnlyForTheRequestsPassage() {
        HttpHeaders forwarded = forward(MockServerHttpRequest.get("/d/some-entry/file.iso")
                .header("X-Cloudget-User", "mallory")
                .header("X-Cloudget-Gateway-Secret", "a-guess"), null);

        assertThat(forwarded.containsHeader("X-Cloudget-User")).isFalse();
        assertThat(forwarded.get("X-Cloudget-Gateway-Secret")).containsExactly(SECRET);
    }

    @Test
    void forwardsTheScopesTheTokenGrantsAndNoneAClientClaims() {
        HttpHeaders admin = forward(MockServerHttpRequest.get("/api/v1/admin/stats/summary")
                .header("X-Cloudget-Scopes", "forged"), "ops", "admin stats");
        HttpHeaders plain = forward(MockServerHttpRequest.get("/api/v1/tasks")
                .header("X-Cloudget-Scopes", "admin"), "alice", null);

        assertThat(admin.get("X-Cloudget-Scopes")).containsExactly("admin stats");
        assertThat(plain.containsHeader("X-Cloudget-Scopes")).isFalse();
    }

    @Test
    void readsScopesGivenAsAListAndDropsMalformedOnes() {
        HttpHeaders listed = forward(MockServerHttpRequest.get("/api/v1/tasks"), "ops", List.of("admin", "stats"));
        HttpHeaders malformed = forward(MockServerHttpRequest.get("/api/v1/tasks"), "ops",
                "admin  a\"b x\r\nX-Cloudget-User:root stats");

        assertThat(listed.get("X-Cloudget-Scopes")).containsExactly("admin stats");
        assertThat(malformed.get("X-Cloudget-Scopes")).containsExactly("admin stats");
    }

    private HttpHeaders forward(MockServerHttpRequest.BaseBuilder<?> request, String subject) {
        return forward(request, subject, null);
    }

    private HttpHeaders forward(MockServerHttpRequest.BaseBuilder<?> request, String subject, Object scope) {
        MockServerWebExchange.Builder exchange = MockServerWebExchange.builder(request.build());
        if (subject != null) {
            Jwt.Builder jwt = Jwt.withTokenValue("token").header("alg", "HS256").subject(subject)
                    .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
            if (scope != null) {
                jwt.claim("scope", scope);
            }
            exchange.principal(new JwtAuthenticationToken(jwt.build()));
        }
        AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();
        GatewayFilterChain chain = next -> {
            forwarded.set(next);
            return Mono.empty();
        };

        filter.filter(exchange.build(), chain).block();

        return forwarded.get().getRequest().getHeaders();
    }
}
