package dev.cloudget.gateway.devtoken;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Signs bearer tokens the gateway accepts, for the local run only (there is no login yet). */
final class DevTokenIssuer {

    /** What {@code POST /dev/token} answers. */
    record DevToken(String token, Instant expiresAt) {
    }

    private final NimbusJwtEncoder encoder;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;

    DevTokenIssuer(SecretKey key, String issuer, String audience, Duration lifetime, Clock clock) {
        this.encoder = NimbusJwtEncoder.withSecretKey(key).build();
        this.issuer = issuer;
        this.audience = audience;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    DevToken issue(String user) {
        // JWT times are whole seconds; answer the same instant the token carries
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(lifetime);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(user)
                .issuer(issuer)
                .audience(List.of(audience))
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new DevToken(token, expiresAt);
    }
}
