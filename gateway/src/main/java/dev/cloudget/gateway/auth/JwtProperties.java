package dev.cloudget.gateway.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The HS256 secret bearer tokens are signed with, shared with whoever issues them. */
@ConfigurationProperties("cloudget.jwt")
public record JwtProperties(String secret, @DefaultValue("PT12H") Duration devTokenLifetime) {

    /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash, 256 bits. */
    static final int MIN_SECRET_BYTES = 32;

    public JwtProperties {
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("cloudget.jwt.secret (CLOUDGET_JWT_SECRET) must be at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
    }

    public SecretKey key() {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }
}
