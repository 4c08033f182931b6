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

    private static final String SECRET = "a-jwt-secret-of-this-test-0123456789-abcdef";
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00.750Z");

    @Test
    void mintsAnHs256TokenThatVerifiesWithTheSameSecret() throws Exception {
        SignedJWT jwt = SignedJWT.parse(LocalTokens.mint("alice", SECRET, Duration.ofHours(12), NOW));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(SECRET))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getIssuer()).isEqualTo("cloudget");
        assertThat(claims.getAudience()).containsExactly("cloudget-api");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
    }

    @Test
    void givesEachTokenAnIdOfItsOwn() throws Exception {
        String first = SignedJWT.parse(LocalTokens.mint("alice", SECRET, Duration.ofHours(1), NOW)).getJWTClaimsSet()
                .getJWTID();
        String second = SignedJWT.parse(LocalTokens.mint("alice", SECRET, Duration.ofHours(1), NOW)).getJWTClaimsSet()
                .getJWTID();

        assertThat(first).isNotBlank().isNotEqualTo(second);
    }

    @Test
    void refusesALifetimeTheGatewayWouldRefuse() throws Exception {
        assertThat(SignedJWT.parse(LocalTokens.mint("alice", SECRET, Duration.ofDays(1), NOW)).getJWTClaimsSet()
                .getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThatThrownBy(() -> LocalTokens.mint("alice", SECRET, Duration.ofDays(1).plusSeconds(1), NOW))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("at most 24h");
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
        int defaultExit = cli.execute("token", "--user", "bob", "--secret", SECRET);

        assertThat(exit).isZero();
        assertThat(defaultExit).isZero();
        String[] lines = out.toString().split("\\R");
        assertThat(lines).hasSize(2).allMatch(line -> line.matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+"));
        JWTClaimsSet claims = SignedJWT.parse(lines[0]).getJWTClaimsSet();
        JWTClaimsSet byDefault = SignedJWT.parse(lines[1]).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("bob");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(30));
        // the default lifetime is one the gateway accepts (at most a day)
        assertThat(Duration.between(byDefault.getIssueTime().toInstant(), byDefault.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofHours(12));
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
