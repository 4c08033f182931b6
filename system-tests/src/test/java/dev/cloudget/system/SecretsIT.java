package dev.cloudget.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service ships no secret and starts with none of the values cloudget ever published: outside the local run it
 * exits at once, saying which variable to set, before it touches a database, a topic or a port.
 */
class SecretsIT {

    private static final Duration EXIT = Duration.ofSeconds(60);
    private static CloudgetSystem system;

    @BeforeAll
    static void startSystem() throws Exception {
        system = CloudgetSystem.get();
    }

    @Test
    void aServiceWithoutASecretRefusesToStartAndNamesTheVariable() throws Exception {
        try (ServiceProcess storage = system.startBeside("storage-service",
                Map.of("CLOUDGET_ENTRY_SIGNING_KEY", ""))) {
            int exit = storage.waitFor(EXIT);

            assertThat(exit).as(storage.tail()).isPositive();
            assertThat(storage.tail()).contains("refuses to start")
                    .contains("cloudget.entries.signing-key is not set (environment variable CLOUDGET_ENTRY_SIGNING_KEY)")
                    .doesNotContain("Flyway", "Tomcat started");
        }
    }

    @Test
    void aServiceWithAPublishedSecretRefusesToStartOutsideTheLocalRun() throws Exception {
        // the default every application.yml carried before, with the local profile but bound to every interface
        try (ServiceProcess management = system.startBeside("task-management-service", Map.of(
                "CLOUDGET_GATEWAY_SECRET", "local-gateway-secret-change-me",
                "SPRING_PROFILES_ACTIVE", "local",
                "SERVER_ADDRESS", "0.0.0.0"))) {
            int exit = management.waitFor(EXIT);

            assertThat(exit).as(management.tail()).isPositive();
            assertThat(management.tail()).contains("CLOUDGET_GATEWAY_SECRET")
                    .contains("published with cloudget");
        }
    }

    @Test
    void theWorkerRefusesToStartWithoutItsServiceKey() throws Exception {
        try (ServiceProcess worker = system.startBeside("download-worker",
                Map.of("CLOUDGET_SERVICE_PRIVATE_KEY", ""))) {
            int exit = worker.waitFor(EXIT);

            assertThat(exit).as(worker.tail()).isPositive();
            assertThat(worker.tail()).contains("CLOUDGET_SERVICE_PRIVATE_KEY");
        }
    }
}
