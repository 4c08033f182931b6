package dev.cloudget.gateway;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Bearer tokens for the gateway's tests: {@link #valid} is one the gateway accepts (the default issuer and audience,
 * an id, five minutes to live, signed with {@link GatewayIT#JWT_SECRET}); each change makes one claim wrong.
 */
final class TestTokens {

    private final JwtClaimsSet.Builder claims;
    private String secret = GatewayIT.JWT_SECRET;

    private TestTokens(String user) {
        Instant now = Instant.now();
        this.claims = JwtClaimsSet.builder()
                .subject(user)
                .issuer("cloudget")
                .audience(List.of("cloudget-api"))
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofMinutes(5)));
    }

    static TestTokens valid(String user) {
        return new TestTokens(user);
    }

    TestTokens scope(String scope) {
        claims.claim("scope", scope);
        return this;
    }

    TestTokens claims(Consumer<JwtClaimsSet.Builder> change) {
        change.accept(claims);
        return this;
    }

    TestTokens without(String claim) {
        claims.claims(all -> all.remove(claim));
        return this;
    }

    TestTokens signedWith(String otherSecret) {
        this.secret = otherSecret;
        return this;
    }

    String sign() {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        return NimbusJwtEncoder.withSecretKey(key).build()
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims.build()))
                .getTokenValue();
    }
}
