package dev.cloudget.gateway.auth;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The claims a token must carry beyond its signature (GatewayIT shows a refused one is a 401 problem). */
class TokenValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final JwtProperties PROPERTIES = new JwtProperties("unit-jwt-secret-0123456789-0123456789",
            "cloudget", "cloudget-api", Duration.ofDays(1), Duration.ofHours(12));

    private final OAuth2TokenValidator<Jwt> validator =
            SecurityConfiguration.validator(PROPERTIES, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsATokenOfOurIssuerForOurAudienceWithAnIdAndADayToLive() {
        assertThat(accepts(token -> { })).isTrue();
        assertThat(accepts(token -> token.audience(List.of("other-api", "cloudget-api")))).isTrue();
    }

    @Test
    void refusesAnotherIssuerOrNone() {
        assertThat(accepts(token -> token.issuer("cloudget-local"))).isFalse();
        assertThat(accepts(token -> token.claims(claims -> claims.remove("iss")))).isFalse();
    }

    @Test
    void refusesAnotherAudienceOrNone() {
        assertThat(accepts(token -> token.audience(List.of("storage-service")))).isFalse();
        assertThat(accepts(token -> token.claims(claims -> claims.remove("aud")))).isFalse();
    }

    @Test
    void refusesATokenWithoutAnId() {
        assertThat(accepts(token -> token.claims(claims -> claims.remove("jti")))).isFalse();
        assertThat(accepts(token -> token.jti(" "))).isFalse();
    }

    @Test
    void refusesALifetimeOverTheMaximum() {
        assertThat(accepts(token -> token.issuedAt(NOW).expiresAt(NOW.plus(Duration.ofDays(1))))).isTrue();
        assertThat(accepts(token -> token.issuedAt(NOW).expiresAt(NOW.plus(Duration.ofDays(1)).plusSeconds(1))))
                .isFalse();
        assertThat(accepts(token -> token.issuedAt(NOW).expiresAt(NOW.plus(Duration.ofDays(3650))))).isFalse();
    }

    @Test
    void refusesATokenWithoutIssueTimeOrIssuedInTheFuture() {
        assertThat(accepts(token -> token.claims(claims -> claims.remove("iat")))).isFalse();
        Instant later = NOW.plus(Duration.ofDays(3650));
        assertThat(accepts(token -> token.issuedAt(later).expiresAt(later.plusSeconds(3600)))).isFalse();
    }

    private boolean accepts(Consumer<Jwt.Builder> change) {
        Jwt.Builder token = Jwt.withTokenValue("token").header("alg", "HS256")
                .subject("alice")
                .issuer("cloudget")
                .audience(List.of("cloudget-api"))
                .jti("5f0c2a9e-8d1b-4c55-9a43-0f6f1d1c2b3a")
                .issuedAt(NOW.minusSeconds(60))
                .expiresAt(NOW.plusSeconds(3600));
        change.accept(token);
        return !validator.validate(token.build()).hasErrors();
    }
}
