package dev.cloudget.client.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cloudget.client.CliFailure;
import dev.cloudget.client.CloudgetClient;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalTokensTest {

    private static final String SECRET = "local-jwt-secret-change-me-at-least-32-bytes!!";
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.750Z");

    @Test
    void mintsAnHs256TokenThatVerifiesWithTheSameSecret() throws Exception {
        SignedJWT jwt = SignedJWT.parse(LocalTokens.mint("alice", SECRET, Duration.ofHours(12), NOW));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getIssuer()).isEqualTo("cloudget-local");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
    }

    @Test
    void grantsTheRequestedScopesAndNoneByDefault() throws Exception {
        JWTClaimsSet admin = SignedJWT.parse(
                LocalTokens.mint("ops", SECRET, Duration.ofHours(1), NOW, java.util.List.of("admin", "stats"))).getJWTClaimsSet();
        JWTClaimsSet plain = SignedJWT.parse(LocalTokens.mint("alice", SECRET, Duration.ofHours(1), NOW)).getJWTClaimsSet();

        assertThat(admin.getStringClaim("scope")).isEqualTo("admin stats");
        assertThat(plain.getClaim("scope")).isNull();
    }

    @Test
    void tokenDoesNotVerifyWithAnotherSecret() throws Exception {
        SignedJWT jwt = SignedJWT.parse(LocalTokens.mint("alice", SECRET, Duration.ofHours(1), NOW));

        assertThat(jwt.verify(new MACVerifier("another-secret-of-at-least-32-bytes-length"))).isFalse();
    }

    @Test
    void refusesASecretTooShortForHs256() {
        assertThatThrownBy(() -> LocalTokens.mint("alice", "short", Duration.ofHours(1), NOW))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void tokenCommandPrintsOnlyTheTokenWithTheRequestedLifetime() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = CloudgetClient.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("token", "--user", "bob", "--secret", SECRET, "--ttl", "30m");

        assertThat(exit).isZero();
        assertThat(out.toString()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+\\R");
        JWTClaimsSet claims = SignedJWT.parse(out.toString().strip()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("bob");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void readsShorthandAndIsoLifetimes() {
        DurationConverter converter = new DurationConverter();

        assertThat(converter.convert("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(converter.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(converter.convert("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
