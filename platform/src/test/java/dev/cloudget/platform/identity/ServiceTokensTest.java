package dev.cloudget.platform.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceTokensTest {

    private static final KeyPair WORKER = ServiceKeys.generate();
    private static final KeyPair MANAGEMENT = ServiceKeys.generate();
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ServiceTokenVerifier storage = new ServiceTokenVerifier("storage-service",
            ServiceKeys.publicKeys(ServiceKeys.publicKeyList(keys())), clock);

    private static Map<String, KeyPair> keys() {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        keys.put("download-worker", WORKER);
        keys.put("task-management-service", MANAGEMENT);
        return keys;
    }

    private static ServiceTokens tokensOf(String name, KeyPair pair, Clock clock) {
        return new ServiceTokens(name,
                ServiceKeys.privateKey(ServiceKeys.encode(pair.getPrivate())), clock);
    }

    @Test
    void aTokenNamesItsServiceToTheServiceItIsFor() throws Exception {
        String token = tokensOf("download-worker", WORKER, clock).tokenFor("storage-service");

        assertThat(storage.verify(token)).isEqualTo("download-worker");
    }

    @Test
    void aTokenIsReusedUntilHalfItsLifeIsGone() {
        ServiceTokens tokens = tokensOf("download-worker", WORKER, clock);
        String first = tokens.tokenFor("storage-service");

        assertThat(tokens.tokenFor("storage-service")).isSameAs(first);
        ServiceTokens later = tokensOf("download-worker", WORKER,
                Clock.offset(clock, ServiceTokens.LIFETIME.dividedBy(2)));
        assertThat(later.tokenFor("storage-service")).isNotEqualTo(first);
    }

    @Test
    void refusesATokenForAnotherService() {
        String token = tokensOf("download-worker", WORKER, clock).tokenFor("seed-parser-service");

        assertThatThrownBy(() -> storage.verify(token)).hasMessageContaining("not addressed to storage-service");
    }

    @Test
    void refusesATokenThatClaimsAnotherServicesName() {
        // signed with the worker's key, naming task-management
        String token = tokensOf("task-management-service", WORKER, clock).tokenFor("storage-service");

        assertThatThrownBy(() -> storage.verify(token)).hasMessageContaining("signature");
    }

    @Test
    void refusesAServiceItDoesNotKnow() {
        String token = tokensOf("gateway", ServiceKeys.generate(), clock).tokenFor("storage-service");

        assertThatThrownBy(() -> storage.verify(token)).hasMessageContaining("not a service this one trusts");
    }

    @Test
    void refusesAnExpiredToken() {
        String token = tokensOf("download-worker", WORKER,
                Clock.offset(clock, ServiceTokens.LIFETIME.plusMinutes(1).negated())).tokenFor("storage-service");

        assertThatThrownBy(() -> storage.verify(token)).hasMessageContaining("not valid now");
    }

    @Test
    void refusesATokenValidForLongerThanTheLifetime() throws Exception {
        String token = sign(WORKER, new JWTClaimsSet.Builder().issuer("download-worker").audience("storage-service")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plus(Duration.ofDays(3650))))
                .jwtID("x").build());

        assertThatThrownBy(() -> storage.verify(token)).hasMessageContaining("longer than");
    }

    @Test
    void refusesATokenWithoutJti() throws Exception {
        String token = sign(WORKER, new JWTClaimsSet.Builder().issuer("download-worker").audience("storage-service")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(60))).build());

        assertThatThrownBy(() -> storage.verify(token)).hasMessageContaining("jti");
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> storage.verify("not.a.token")).hasMessageContaining("not a signed JWT");
    }

    private static String sign(KeyPair pair, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        jwt.sign(new ECDSASigner((ECPrivateKey) pair.getPrivate()));
        return jwt.serialize();
    }

    @Test
    void readsTheKeysItWrites() {
        KeyPair pair = ServiceKeys.generate();
        ECPublicKey read = ServiceKeys.publicKey(ServiceKeys.encode(pair.getPublic()));

        assertThat(read.getW()).isEqualTo(((ECPublicKey) pair.getPublic()).getW());
        assertThatThrownBy(() -> ServiceKeys.publicKeys("download-worker"))
                .hasMessageContaining("name=base64");
    }
}
