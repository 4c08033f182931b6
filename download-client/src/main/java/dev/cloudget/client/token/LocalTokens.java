package dev.cloudget.client.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cloudget.client.CliFailure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Mints the HS256 bearer tokens the gateway accepts, for a local installation where the user holds the
 * gateway's secret: its issuer and audience (the gateway's defaults, {@code cloudget.jwt.issuer} and
 * {@code cloudget.jwt.audience}), an id of their own, and a lifetime within the gateway's maximum
 * ({@link #MAX_LIFETIME}, its default {@code cloudget.jwt.max-lifetime}). Production would take tokens from an
 * identity provider instead.
 */
public final class LocalTokens {

    public static final String ISSUER = "cloudget";
    public static final String AUDIENCE = "cloudget-api";
    /** The gateway refuses a token that lives longer (from iat to exp). */
    public static final Duration MAX_LIFETIME = Duration.ofDays(1);
    /** HS256 needs a key at least as long as its 256-bit output. */
    public static final int MIN_SECRET_BYTES = 32;

    private LocalTokens() {
    }

    public static String mint(String user, String secret, Duration ttl, Instant now) {
        return mint(user, secret, ttl, now, List.of());
    }

    /** @param scopes OAuth2 scopes for the {@code scope} claim, e.g. {@code admin} for the farm view */
    public static String mint(String user, String secret, Duration ttl, Instant now, List<String> scopes) {
        if (user == null || user.isBlank()) {
            throw new CliFailure("a token needs a user (--user)");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_LIFETIME) > 0) {
            throw new CliFailure("the token lifetime must be positive and at most " + MAX_LIFETIME.toHours()
                    + "h (the gateway refuses longer ones): " + ttl);
        }
        if (secret == null || secret.isBlank()) {
            throw new CliFailure("no JWT secret: set CLOUDGET_JWT_SECRET to the gateway's (./cloudget token USER "
                    + "reads this installation's from .cloudget/secrets)");
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new CliFailure("the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes for HS256, it has "
                    + key.length);
        }
        // JWT times are whole seconds; truncating keeps exp - iat exactly the requested lifetime
        Instant issued = now.truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(user)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(ttl)));
        if (!scopes.isEmpty()) {
            claims.claim("scope", String.join(" ", scopes));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new CliFailure("cannot sign the token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
