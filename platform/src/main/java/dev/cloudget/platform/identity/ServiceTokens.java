package dev.cloudget.platform.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cloudget.contracts.web.GatewayHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;

import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This service's credential towards another: an ES256 token naming this service ({@code iss}) and the called one
 * ({@code aud}), valid for {@link #LIFETIME}, signed with this service's private key. One token per audience is
 * reused until half its life is gone, so a call costs no signature.
 */
public final class ServiceTokens {

    /** How long a token is valid; the called service refuses longer ones ({@link ServiceTokenVerifier}). */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private record Issued(String token, Instant renewAt) {
    }

    private final String name;
    private final ECDSASigner signer;
    private final Clock clock;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();

    public ServiceTokens(String name, ECPrivateKey key, Clock clock) {
        this.name = name;
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the service's private key is not a P-256 key", e);
        }
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    /** A valid token for calls to {@code audience} (a service's {@code spring.application.name}). */
    public String tokenFor(String audience) {
        Instant now = clock.instant();
        Issued current = issued.get(audience);
        if (current == null || !now.isBefore(current.renewAt())) {
            current = issue(audience, now.truncatedTo(ChronoUnit.SECONDS));
            issued.put(audience, current);
        }
        return current.token();
    }

    /** Adds this service's token for {@code audience} to every request of a RestClient. */
    public ClientHttpRequestInterceptor authenticatingTo(String audience) {
        return (request, body, execution) -> {
            request.getHeaders().set(GatewayHeaders.SERVICE_TOKEN, tokenFor(audience));
            return execution.execute(request, body);
        };
    }

    private Issued issue(String audience, Instant now) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(name)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a service token", e);
        }
        return new Issued(jwt.serialize(), now.plus(LIFETIME.dividedBy(2)));
    }
}
