package dev.cloudget.gateway.devtoken;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class DevTokenIssuerTest {

    private static final SecretKeySpec KEY = new SecretKeySpec(
            "unit-jwt-secret-0123456789-0123456789".getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00.750Z");

    private final DevTokenIssuer issuer = new DevTokenIssuer(KEY, "cloudget-test", "cloudget-test-api",
            Duration.ofHours(2), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void issuesAnHs256TokenForTheUserThatExpires() {
        DevTokenIssuer.DevToken token = issuer.issue("alice");

        Jwt jwt = decode(token);
        assertThat(jwt.getSubject()).isEqualTo("alice");
        assertThat(jwt.getIssuedAt()).isEqualTo(Instant.parse("2026-11-27T12:00:00Z"));
        assertThat(jwt.getExpiresAt()).isEqualTo(token.expiresAt()).isEqualTo(Instant.parse("2026-11-27T14:00:00Z"));
    }

    @Test
    void namesTheIssuerTheAudienceAndAnIdOfItsOwn() {
        Jwt first = decode(issuer.issue("alice"));
        Jwt second = decode(issuer.issue("alice"));

        assertThat(first.getClaimAsString("iss")).isEqualTo("cloudget-test");
        assertThat(first.getAudience()).containsExactly("cloudget-test-api");
        assertThat(first.getId()).isNotBlank().isNotEqualTo(second.getId());
    }

    /** Checks the signature only: the claims are what this test is about, and it runs at another hour than NOW. */
    private static Jwt decode(DevTokenIssuer.DevToken token) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        return decoder.decode(token.token()).block();
    }
}
