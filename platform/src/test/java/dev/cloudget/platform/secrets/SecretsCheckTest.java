package dev.cloudget.platform.secrets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsCheckTest {


    @Test
    void refusesAMissingSecretAndNamesItsVariable() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("cloudget.gateway.secret", "")
                .withProperty("server.address", "127.0.0.1");

        assertThatThrownBy(() -> SecretsCheck.check(environment))
                .isInstanceOf(InsecureSecretsException.class)
                .hasMessageContaining("cloudget.gateway.secret is not set (environment variable "
                        + "CLOUDGET_GATEWAY_SECRET)");
    }

    @Test
    void refusesEveryPublishedValueOutsideTheLocalRun() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("cloudget.gateway.secret", "local-gateway-secret-change-me")
                .withProperty("cloudget.jwt.secret", "local-jwt-secret-change-me-at-least-32-bytes!!")
                .withProperty("cloudget.s3.secret-key", "cloudget-secret")
                .withProperty("server.address", "0.0.0.0");
        environment.setActiveProfiles("local");

        assertThatThrownBy(() -> SecretsCheck.check(environment))
                .isInstanceOfSatisfying(InsecureSecretsException.class, e -> assertThat(e.problems())
                        .hasSize(3)
                        .allSatisfy(problem -> assertThat(problem).contains("published with cloudget")));
    }

    @Test
    void refusesAShortSecret() {
        MockEnvironment environment = new MockEnvironment().withProperty("cloudget.jwt.secret", "short-but-random");

        assertThatThrownBy(() -> SecretsCheck.check(environment))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void theLocalRunOnLoopbackMayUseThePublishedValues() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("cloudget.gateway.secret", "")
                .withProperty("cloudget.entries.signing-key", "local-entry-signing-key-change-me-0123456789")
                .withProperty("server.address", "127.0.0.1");
        environment.setActiveProfiles("local");

        SecretsCheck.check(environment);

        assertThat(environment.getProperty("cloudget.gateway.secret")).isEqualTo("local-gateway-secret-change-me");
    }

    @Test
    void aServiceKeyHasNoPublishedValueEvenLocally() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("cloudget.service-identity.private-key", "")
                .withProperty("server.address", "127.0.0.1");
        environment.setActiveProfiles("local");

        assertThatThrownBy(() -> SecretsCheck.check(environment))
                .hasMessageContaining("CLOUDGET_SERVICE_PRIVATE_KEY");
    }

    @Test
    void secretsAServiceDoesNotDeclareAreNotItsBusiness() {
        MockEnvironment environment = new MockEnvironment().withProperty("cloudget.gateway.secret",
                "a-random-secret-of-this-installation");

        SecretsCheck.check(environment);
    }

    @Test
    void theFailureSaysWhatToDo() {
        FailureAnalysis analysis = new InsecureSecretsFailureAnalyzer()
                .analyze(new IllegalStateException(new InsecureSecretsException(
                        java.util.List.of("cloudget.jwt.secret is not set (environment variable CLOUDGET_JWT_SECRET)"))));

        assertThat(analysis.getDescription()).contains("CLOUDGET_JWT_SECRET");
        assertThat(analysis.getAction()).contains("./cloudget up");
    }
}
