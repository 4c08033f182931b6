package dev.cloudget.gateway.auth;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token says when it was issued and when it expires, was not issued in the future, and lives at most the maximum
 * lifetime: whoever holds the signing secret cannot mint a ten-year token, nor one dated ahead to live longer.
 */
final class LifetimeValidator implements OAuth2TokenValidator<Jwt> {

    /** The same allowance Spring Security's timestamp check gives clocks that disagree. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private static final OAuth2TokenValidatorResult REFUSED = OAuth2TokenValidatorResult.failure(
            new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token's iat and exp are missing or too far apart",
                    null));

    private final Duration maxLifetime;
    private final Clock clock;

    LifetimeValidator(Duration maxLifetime, Clock clock) {
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Instant issued = token.getIssuedAt();
        Instant expires = token.getExpiresAt();
        if (issued == null || expires == null || issued.isAfter(clock.instant().plus(CLOCK_SKEW))
                || Duration.between(issued, expires).compareTo(maxLifetime) > 0) {
            return REFUSED;
        }
        return OAuth2TokenValidatorResult.success();
    }
}
