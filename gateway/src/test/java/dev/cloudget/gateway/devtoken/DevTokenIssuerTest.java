package dev.cloudget.gateway.devtoken;

import org.junit.jupiter.api.Test;
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

    @Test
    void issuesAnHs256TokenForTheUserThatExpires() {
        Instant now = Instant.now();
        DevTokenIssuer issuer = new DevTokenIssuer(KEY, Duration.ofHours(2), Clock.fixed(now, ZoneOffset.UTC));

        DevTokenIssuer.DevToken token = issuer.issue("alice");

        Jwt jwt = NimbusReactiveJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build()
                .decode(token.token()).block();
        assertThat(jwt.getSubject()).isEqualTo("alice");
        assertThat(jwt.getExpiresAt()).isEqualTo(token.expiresAt());
        assertThat(token.expiresAt()).isEqualTo(now.plus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
