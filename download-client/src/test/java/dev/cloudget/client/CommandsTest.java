package dev.cloudget.client;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands end to end against a loopback server standing in for the gateway. */
class CommandsTest {

    private static final String TASK = "7d4f2c1e-0000-4000-8000-000000000001";
    private static final byte[] HELLO = "hello, cloud\n".getBytes(StandardCharsets.UTF_8);

    private final RangeFileServer gateway = newServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void submitPostsTheLinkAndPrintsTheTaskIdAndStatus() {
        gateway.json("/api/v1/tasks", 201, "application/json", """
                {"id":"%s","status":"QUEUED","unknownField":true}""".formatted(TASK));

        int exit = run("submit", "https://example.org/a.iso", "--email", "a@example.org", "--token", "t0k");

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo(TASK + " QUEUED\n");
        assertThat(gateway.seen()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.authorization()).isEqualTo("Bearer t0k");
            assertThat(request.body()).isEqualTo("{\"source\":\"https://example.org/a.iso\",\"notify\":{\"email\":\"a@example.org\"}}");
        });
    }

    @Test
    void statusShowsProgressAndEveryEntryUrl() {
        gateway.json("/api/v1/tasks/" + TASK, 200, "application/json", completedTask(gateway.url("/file")));

        int exit = run("status", TASK, "--token", "t0k");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("task " + TASK + "  COMPLETED  13 of 13 bytes (100%)")
                .contains("hello.txt  13 bytes  sha256 " + sha256(HELLO))
                .contains(gateway.url("/file"));
    }

    @Test
    void fetchDownloadsEveryFileOfACompletedTaskWithALocallyMintedToken() throws Exception {
        String secret = "a-test-secret-that-is-long-enough-for-hs256";
        gateway.file(HELLO, "\"h1\"").json("/api/v1/tasks/" + TASK, 200, "application/json",
                completedTask(gateway.url("/file")));

        int exit = run("fetch", TASK, "--user", "alice", "--secret", secret, "-o", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(dir.resolve("hello.txt")).hasBinaryContent(HELLO);
        assertThat(out.toString()).contains("hello.txt  13 bytes  sha256 ok");
        assertThat(gateway.seen()).hasSize(2).allSatisfy(request -> {
            SignedJWT jwt = SignedJWT.parse(request.authorization().substring("Bearer ".length()));
            assertThat(jwt.verify(new MACVerifier(secret))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        });
    }

    @Test
    void fetchNeverSendsTheTokenToAnotherHost() {
        try (RangeFileServer elsewhere = newServer()) {
            elsewhere.file(HELLO, "\"h1\"");
            gateway.json("/api/v1/tasks/" + TASK, 200, "application/json", completedTask(elsewhere.url("/file")));

            int exit = run("fetch", TASK, "--token", "t0k", "-o", dir.toString());

            assertThat(exit).as(err.toString()).isZero();
            assertThat(elsewhere.seen()).singleElement().satisfies(request ->
                    assertThat(request.authorization()).isNull());
        }
    }

    @Test
    void fetchRefusesATaskThatIsNotCompleted() {
        gateway.json("/api/v1/tasks/" + TASK, 200, "application/json", """
                {"id":"%s","status":"DOWNLOADING","progress":{"bytesDone":5,"bytesTotal":-1,"bytesPerSecond":1}}"""
                .formatted(TASK));

        int exit = run("fetch", TASK, "--token", "t0k", "-o", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("error: task " + TASK + " is DOWNLOADING, not COMPLETED: nothing to fetch yet\n");
    }

    @Test
    void fetchRefusesAFileNameThatLeavesTheOutputDirectory() {
        gateway.json("/api/v1/tasks/" + TASK, 200, "application/json",
                completedTask(gateway.url("/file")).replace("hello.txt", "../escaped.txt"));

        int exit = run("fetch", TASK, "--token", "t0k", "-o", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("leaves the output directory");
        assertThat(dir.resolveSibling("escaped.txt")).doesNotExist();
    }

    @Test
    void printsAProblemAsOneErrorLineAndExitsWithOne() {
        gateway.json("/api/v1/tasks/missing", 404, "application/problem+json", """
                {"type":"https://cloudget.dev/problems/not-found","title":"Not found","status":404,
                 "detail":"task missing does not exist"}""");

        int exit = run("status", "missing", "--token", "t0k");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).isEqualTo(
                "error: Not found: task missing does not exist (https://cloudget.dev/problems/not-found)\n");
    }

    @Test
    void refusesToCallTheGatewayWithoutAnyIdentity() {
        int exit = run("status", TASK);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: no token");
        assertThat(gateway.seen()).isEmpty();
    }

    private int run(String... args) {
        CommandLine cli = CloudgetClient.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] withGateway = new String[args.length + 2];
        System.arraycopy(args, 0, withGateway, 0, args.length);
        withGateway[args.length] = "--gateway";
        withGateway[args.length + 1] = gateway.url("/");
        return cli.execute(withGateway);
    }

    private String completedTask(String entryUrl) {
        return """
                {"id":"%s","status":"COMPLETED","progress":{"bytesDone":13,"bytesTotal":13,"bytesPerSecond":0},
                 "files":[{"path":"hello.txt","size":13,"sha256":"%s","entryUrl":"%s",
                           "validUntil":"2026-12-02T12:00:00Z"}]}""".formatted(TASK, sha256(HELLO), entryUrl);
    }

    private static RangeFileServer newServer() {
        try {
            return new RangeFileServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
