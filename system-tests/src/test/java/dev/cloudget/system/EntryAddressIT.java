package dev.cloudget.system;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.cloudget.contracts.storage.EntryAddresses;
import jakarta.mail.Message;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The entry address a task and its mail give is a capability URL: it opens with no header in the tools people use
 * (curl, aria2c with 8 connections), and only as handed out.
 */
class EntryAddressIT {

    private static final long SIZE = 12L * 1024 * 1024 + 321;

    private static CloudgetSystem system;
    private static Origin.ServedFile file;
    private static Api dora;
    private static JsonNode done;
    private static String entryUrl;

    @BeforeAll
    static void downloadOnce() throws Exception {
        system = CloudgetSystem.get();
        file = system.origin().serve("capability.bin", SIZE, 77);
        dora = new Api(system.gateway(), "dora");
        String id = dora.submitUrl(system.origin().url("/files/capability.bin"), "dora@example.test")
                .body().path("id").asString();
        done = dora.awaitTerminal(id, Duration.ofMinutes(2));
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        entryUrl = done.path("files").get(0).path("entryUrl").asString();
    }

    @Test
    void opensWithPlainCurlAndWithAria2cWithoutAnyHeader(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertThat(URI.create(entryUrl).getPath()).startsWith(EntryAddresses.PREFIX).endsWith("/capability.bin");

        Path viaCurl = dir.resolve("curl.bin");
        run(dir, "curl", "-sS", "--fail", "-o", viaCurl.toString(), entryUrl);
        run(dir, "aria2c", "--no-conf=true", "-x8", "-s8", "--min-split-size=1M", "--console-log-level=warn",
                "--summary-interval=0", "-d", dir.toString(), "-o", "aria2c.bin", entryUrl);

        assertThat(sha256(viaCurl)).isEqualTo(file.sha256());
        assertThat(sha256(dir.resolve("aria2c.bin"))).isEqualTo(file.sha256());
    }

    @Test
    void theMailedAddressIsTheSameAndOpensWithNoHeader() throws Exception {
        await("mail to dora").atMost(Duration.ofSeconds(30)).until(() -> mailTo("dora@example.test").length > 0);
        String body = GreenMailUtil.getBody(mailTo("dora@example.test")[0]);

        assertThat(body).contains(entryUrl);
        HttpResponse<Void> head = anonymous(entryUrl, "HEAD");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
    }

    @Test
    void refusesAnAlteredAddressWith403() throws Exception {
        String otherSignature = entryUrl.replaceAll("signature=[^&]*", "signature=AAAA" + "A".repeat(39));
        String laterExpiry = entryUrl.replaceAll("expires=\\d+", "expires=" + (Instant.now().getEpochSecond() + 10 * 365 * 86400L));
        String noSignature = entryUrl.replaceAll("&signature=[^&]*", "");

        for (String altered : new String[] {otherSignature, laterExpiry, noSignature}) {
            HttpResponse<String> answer = anonymousText(altered);
            assertThat(answer.statusCode()).as(altered).isEqualTo(403);
            assertThat(answer.body()).contains("/problems/entry-signature-invalid");
        }
    }

    @Test
    void answersAnExpiredAddressWith410() throws Exception {
        UUID entry = UUID.fromString(done.path("files").get(0).path("id").asString());
        String expired = new EntryAddresses(CloudgetSystem.ENTRY_SIGNING_KEY)
                .pathOf(entry, "dora", "capability.bin", Instant.now().minusSeconds(60));

        HttpResponse<String> answer = anonymousText(system.gateway().resolve(expired).toString());

        assertThat(answer.statusCode()).isEqualTo(410);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("/problems/entry-expired");
    }

    @Test
    void answersTheAddressOfADeletedTaskWith404AndKeepsAnotherUsersFile404InTheBearerForm() throws Exception {
        Api erin = new Api(system.gateway(), "erin");
        JsonNode erins = erin.completedAtOnce(
                erin.submit(java.util.Map.of("source", system.origin().url("/files/capability.bin").toString())).body());
        String erinsUrl = erins.path("files").get(0).path("entryUrl").asString();
        String erinsBearerPath = "/api/v1/files/" + erins.path("files").get(0).path("id").asString() + "/content";
        assertThat(anonymous(erinsUrl, "HEAD").statusCode()).isEqualTo(200);

        assertThat(dora.get(erinsBearerPath).status()).isEqualTo(404);
        assertThat(erin.delete("/api/v1/tasks/" + erins.path("id").asString()).status()).isEqualTo(204);

        HttpResponse<String> revoked = anonymousText(erinsUrl);
        assertThat(revoked.statusCode()).isEqualTo(404);
        assertThat(revoked.body()).contains("/problems/not-found");
    }

    private static HttpResponse<Void> anonymous(String url, String method) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static HttpResponse<String> anonymousText(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(command[0] + ".log").toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(command[0] + " finished").isTrue();
        assertThat(process.exitValue()).as(command[0] + ": " + Files.readString(dir.resolve(command[0] + ".log")))
                .isZero();
    }

    private static String sha256(Path path) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
    }

    private static Message[] mailTo(String address) {
        return Arrays.stream(system.mail().greenMail().getReceivedMessages()).filter(message -> {
            try {
                return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toArray(Message[]::new);
    }
}
