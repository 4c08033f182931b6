package dev.cloudget.gateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a bearer token must be to be accepted: signed (HS256) with the secret shared with whoever issues tokens, by
 * {@code issuer} for {@code audience}, and valid for at most {@code maxLifetime} from when it was issued.
 */
@ConfigurationProperties("cloudget.jwt")
public record JwtProperties(
        String secret,
        @DefaultValue("cloudget") String issuer,
        @DefaultValue("cloudget-api") String audience,
        @DefaultValue("P1D") Duration maxLifetime,
        @DefaultValue("PT12H") Duration devTokenLifetime) {

    /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash, 256 bits. */
    static final int MIN_SECRET_BYTES = 32;

    public JwtProperties {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("cloudget.jwt.secret (CLOUDGET_JWT_SECRET) must be at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
        if (issuer.isBlank() || audience.isBlank()) {
            throw new IllegalArgumentException("cloudget.jwt.issuer and cloudget.jwt.audience must not be blank");
        }
        if (!maxLifetime.isPositive() || devTokenLifetime.compareTo(maxLifetime) > 0) {
            throw new IllegalArgumentException("cloudget.jwt.max-lifetime must be positive and at least the"
                    + " dev-token-lifetime (" + devTokenLifetime + "), is " + maxLifetime);
        }
    }

    public SecretKey key() {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }
}
