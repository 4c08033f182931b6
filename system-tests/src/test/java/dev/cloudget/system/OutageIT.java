package dev.cloudget.system;

import dev.cloudget.contracts.web.Problems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service that is down is a 503 problem+json with {@code Retry-After} at the gateway, never a 500 with a foreign
 * body; once it is back the next request goes through.
 */
class OutageIT {

    private static CloudgetSystem system;
    private static Api alice;

    @BeforeAll
    static void startSystem() throws Exception {
        system = CloudgetSystem.get();
        alice = new Api(system.gateway(), "outage-alice");
    }

    @Test
    void aSubmitWhileTaskManagementIsDownIs503WithRetryAfterAndTheNextOneAfterItIsBackSucceeds() throws Exception {
        system.origin().serve("outage.bin", 64 * 1024, 7);
        String link = system.origin().url("/files/outage.bin").toString();

        system.service("task-management-service").kill();
        Api.Reply down = alice.submit(Map.of("source", link));

        assertThat(down.status()).as(String.valueOf(down.body())).isEqualTo(503);
        assertThat(down.header("Content-Type")).startsWith("application/problem+json");
        assertThat(down.body().path("type").asString()).isEqualTo(Problems.UPSTREAM_UNAVAILABLE.toString());
        assertThat(down.header("Retry-After")).isNotBlank();
        assertThat(down.body().toString()).doesNotContain("127.0.0.1", "Exception");

        system.restart("task-management-service", Map.of());
        Api.Reply back = alice.submit(Map.of("source", link));

        assertThat(back.status()).as(String.valueOf(back.body())).isIn(201, 202);
    }
}
