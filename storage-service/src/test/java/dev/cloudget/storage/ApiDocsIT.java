package dev.cloudget.storage;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document the gateway publishes documents the public API only, not the service-to-service one. */
class ApiDocsIT extends StorageITSupport {

    @Test
    void documentsThePublicEndpointsAndNoInternalOne() throws Exception {
        HttpResponse<String> docs = http.send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/files/").doesNotContain("/internal/");
    }
}
