package dev.cloudget.storage.entry;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.storage.StorageITSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code redirect} serving mode: an entry address answers 302 to a presigned GET of the object store, which
 * serves the bytes (the real S3 server here, S3Proxy). Its own Spring context: the mode is configuration.
 */
@TestPropertySource(properties = {"cloudget.storage.serving=redirect", "cloudget.storage.redirect-validity=PT5M"})
class RedirectServingIT extends StorageITSupport {

    private static final int SIZE = 200_003;

    /** A client that follows redirects, as browsers, curl -L, wget and aria2c do. */
    private final HttpClient following = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private byte[] bytes;
    private UUID entry;

    @BeforeEach
    void storeAFile() throws Exception {
        bytes = randomBytes(SIZE);
        ContentHash sha256 = storeContent(bytes);
        entry = entryFor("alice", sha256, "Annual report.pdf");
    }

    @Test
    void redirectsBothFormsToAShortLivedPresignedGetWithTheFilesName() throws Exception {
        String signed = signedPath(entry, "alice", "Annual report.pdf", Instant.now().plusSeconds(3600));

        HttpResponse<Void> bearer = http.send(asUser("alice", "/api/v1/files/" + entry + "/content").build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<Void> capability = http.send(viaGateway(signed).build(), HttpResponse.BodyHandlers.discarding());

        for (HttpResponse<Void> answer : java.util.List.of(bearer, capability)) {
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("private, no-store");
            URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
            assertThat(location.getQuery()).contains("X-Amz-Expires=300").contains("X-Amz-Signature=");
            HttpResponse<byte[]> fromStore = following.send(HttpRequest.newBuilder(location).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(fromStore.statusCode()).isEqualTo(200);
            assertThat(fromStore.body()).isEqualTo(bytes);
            assertThat(fromStore.headers().firstValue("Content-Disposition").orElseThrow())
                    .contains("Annual%20report.pdf");
        }
    }

    @Test
    void theStoreAnswersRangesAndIfRangeBehindTheRedirect() throws Exception {
        String signed = signedPath(entry, "alice", "a.pdf", Instant.now().plusSeconds(3600));

        HttpResponse<byte[]> part = following.send(viaGateway(signed).header("Range", "bytes=1000-1999").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String etag = part.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> sameVersion = following.send(viaGateway(signed).header("Range", "bytes=-10")
                .header("If-Range", etag).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 2000));
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + SIZE);
        assertThat(sameVersion.statusCode()).isEqualTo(206);
        assertThat(sameVersion.body()).isEqualTo(Arrays.copyOfRange(bytes, SIZE - 10, SIZE));
    }

    @Test
    void servesSeveralRangesItselfAsTheStoreWouldNot() throws Exception {
        String signed = signedPath(entry, "alice", "a.pdf", Instant.now().plusSeconds(3600));

        HttpResponse<byte[]> parts = http.send(viaGateway(signed).header("Range", "bytes=0-9,5000-5009").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(parts.statusCode()).isEqualTo(206);
        String type = parts.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        String body = new String(parts.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(body).contains("Content-Range: bytes 0-9/" + SIZE).contains("Content-Range: bytes 5000-5009/" + SIZE)
                .contains(new String(Arrays.copyOfRange(bytes, 5000, 5010), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(parts.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void stillRefusesAnAlteredCapabilityUrlBeforeRedirecting() throws Exception {
        String signed = signedPath(entry, "alice", "a.pdf", Instant.now().plusSeconds(3600));

        HttpResponse<String> altered = http.send(viaGateway(signed.replaceAll("signature=.*", "signature=forged"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(altered.statusCode()).isEqualTo(403);
        assertThat(altered.headers().firstValue("Location")).isEmpty();
    }
}
