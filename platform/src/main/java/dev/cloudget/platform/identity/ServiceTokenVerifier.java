package dev.cloudget.platform.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks a calling service's token: ES256, signed by the key of the service it names ({@code iss}, one of the
 * trusted public keys), addressed to this service ({@code aud}), current, not valid for longer than
 * {@link ServiceTokens#LIFETIME}, with a {@code jti}.
 */
public final class ServiceTokenVerifier {

    /** Clock difference tolerated between services. */
    static final Duration SKEW = Duration.ofSeconds(30);

    /** Why a token was refused (said to the caller: it names nothing secret). */
    public static final class InvalidServiceToken extends Exception {
        InvalidServiceToken(String message) {
            super(message);
        }
    }

    private final String self;
    private final Map<String, ECDSAVerifier> verifiers = new LinkedHashMap<>();
    private final Clock clock;

    public ServiceTokenVerifier(String self, Map<String, ECPublicKey> trusted, Clock clock) {
        this.self = self;
        this.clock = clock;
        trusted.forEach((name, key) -> {
            try {
                verifiers.put(name, new ECDSAVerifier(key));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("the public key of " + name + " is not a P-256 key", e);
            }
        });
    }

    /** The calling service's name. */
    public String verify(String token) throws InvalidServiceToken {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidServiceToken("the service token is not a signed JWT");
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidServiceToken("the service token is not ES256");
        }
        String caller = claims.getIssuer();
        ECDSAVerifier verifier = caller == null ? null : verifiers.get(caller);
        if (verifier == null) {
            throw new InvalidServiceToken("the service token's issuer is not a service this one trusts");
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidServiceToken("the service token's signature is not " + caller + "'s");
            }
        } catch (JOSEException e) {
            throw new InvalidServiceToken("the service token's signature could not be checked");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(self)) {
            throw new InvalidServiceToken("the service token is not addressed to " + self);
        }
        Instant now = clock.instant();
        Date issued = claims.getIssueTime();
        Date expires = claims.getExpirationTime();
        if (issued == null || expires == null || claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw new InvalidServiceToken("the service token needs iat, exp and jti");
        }
        if (expires.toInstant().plus(SKEW).isBefore(now) || issued.toInstant().minus(SKEW).isAfter(now)) {
            throw new InvalidServiceToken("the service token is not valid now");
        }
        if (Duration.between(issued.toInstant(), expires.toInstant()).compareTo(ServiceTokens.LIFETIME) > 0) {
            throw new InvalidServiceToken("the service token is valid for longer than " + ServiceTokens.LIFETIME);
        }
        return caller;
    }
}
