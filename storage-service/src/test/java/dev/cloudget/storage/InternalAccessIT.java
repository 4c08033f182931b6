package dev.cloudget.storage;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.testsupport.TestSecrets;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Storage's {@code /internal/**} answers only the service each path is for, with that service's own token. */
class InternalAccessIT extends StorageITSupport {

    @Test
    void refusesACallWithoutAServiceToken() throws Exception {
        HttpResponse<String> response = send("/internal/files/" + UUID.randomUUID(), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response).get("type").asString()).isEqualTo(Problems.SERVICE_UNAUTHORIZED.toString());
    }

    @Test
    void refusesAnotherServicesToken() throws Exception {
        // task-management may manage entries but not register content; the worker the other way round
        assertThat(send("/internal/contents", TestSecrets.tokenFrom("task-management-service", "storage-service"))
                .statusCode()).isEqualTo(403);
        assertThat(send("/internal/files/" + UUID.randomUUID(),
                TestSecrets.tokenFrom("download-worker", "storage-service")).statusCode()).isEqualTo(403);
        // the gateway holds a key of its own, and no business here at all
        assertThat(send("/internal/files/" + UUID.randomUUID(), TestSecrets.tokenFrom("gateway", "storage-service"))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void refusesATokenMeantForAnotherService() throws Exception {
        HttpResponse<String> response = send("/internal/files/" + UUID.randomUUID(),
                TestSecrets.tokenFrom("task-management-service", "seed-parser-service"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("not addressed to storage-service");
    }

    @Test
    void refusesTheGatewaySecretInPlaceOfAServiceToken() throws Exception {
        HttpResponse<String> response = http.send(viaGateway("/internal/files/" + UUID.randomUUID()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void answersTheRightServicesToken() throws Exception {
        ContentHash stored = storeContent(randomBytes(64));

        HttpResponse<String> created = createEntry("alice", stored, "a.bin", Instant.now().plusSeconds(600));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private HttpResponse<String> send(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).DELETE();
        if (token != null) {
            request.header(TestSecrets.SERVICE_TOKEN_HEADER, token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
