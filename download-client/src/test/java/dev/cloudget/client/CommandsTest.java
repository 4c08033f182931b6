package dev.cloudget.client;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.cloudget.client.config.ClientConfig;
import dev.cloudget.client.config.LoginCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.cloudget.client.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;

/** The commands end to end against a loopback server standing in for the gateway. */
class CommandsTest {

    private static final String TASK = "7d4f2c1e-0000-4000-8000-000000000001";
    private static final String FILE_ID = "0b6f9d1e-0000-4000-8000-0000000000f1";
    private static final byte[] HELLO = "hello, cloud\n".getBytes(StandardCharsets.UTF_8);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RangeFileServer gateway = newServer();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @TempDir
    Path config;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void addPostsTheLinkWithAnIdempotencyKeyAndOnlyTheOptionsGiven() {
        gateway.json("/api/v1/tasks", 201, "application/json", """
                {"id":"%s","status":"QUEUED","unknownField":true}""".formatted(TASK));

        int exit = run("add", "https://example.org/a.iso", "--email", "a@example.org", "--token", "t0k");
        int second = run("add", "https://example.org/b.iso", "--phone", "+14155550100", "--callback-url",
                "https://hooks.example/done", "--valid-days", "3", "--token", "t0k");

        assertThat(exit).isZero();
        assertThat(second).isZero();
        assertThat(out.toString()).isEqualTo(TASK + " QUEUED\n" + TASK + " QUEUED\n");
        List<RangeFileServer.Seen> posts = gateway.seen("/api/v1/tasks");
        assertThat(posts.get(0).authorization()).isEqualTo("Bearer t0k");
        assertThat(posts.get(0).body()).isEqualTo(
                "{\"source\":\"https://example.org/a.iso\",\"notify\":{\"email\":\"a@example.org\"}}");
        assertThat(posts.get(1).body()).isEqualTo("{\"source\":\"https://example.org/b.iso\",\"notify\":{\"phone\":"
                + "\"+14155550100\"},\"callbackUrl\":\"https://hooks.example/done\",\"validDays\":3}");
        assertThat(posts).extracting(RangeFileServer.Seen::idempotencyKey).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void addRetriesAnUnavailableGatewayWithTheSameIdempotencyKey() {
        int[] calls = {0};
        gateway.handle("/api/v1/tasks", exchange -> {
            byte[] body = """
                    {"id":"%s","status":"QUEUED"}""".formatted(TASK).getBytes(StandardCharsets.UTF_8);
            if (calls[0]++ == 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        });

        int exit = run("add", "https://example.org/a.iso", "--token", "t0k");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(gateway.seen("/api/v1/tasks")).hasSize(2).extracting(RangeFileServer.Seen::idempotencyKey)
                .doesNotContainNull().containsOnly(gateway.seen("/api/v1/tasks").getFirst().idempotencyKey());
    }

    @Test
    void addUploadsATorrentAndSubmitsTheChosenFilesOfItsSeed() throws Exception {
        Path torrent = dir.resolve("album.torrent");
        Files.write(torrent, "d4:infod4:name5:albumee".getBytes(StandardCharsets.US_ASCII));
        gateway.json("/api/v1/torrents", 201, "application/json", """
                {"seedId":"5eed0000-0000-4000-8000-000000000001","files":[]}""")
                .json("/api/v1/tasks", 201, "application/json", """
                        {"id":"%s","status":"QUEUED"}""".formatted(TASK));

        int exit = run("add", torrent.toString(), "--files", "1,3", "--token", "t0k");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(gateway.seen("/api/v1/torrents")).singleElement().satisfies(upload -> {
            assertThat(upload.contentType()).isEqualTo("application/x-bittorrent");
            assertThat(upload.body()).isEqualTo("d4:infod4:name5:albumee");
        });
        assertThat(gateway.seen("/api/v1/tasks")).singleElement().satisfies(submit -> assertThat(submit.body())
                .isEqualTo("{\"seedId\":\"5eed0000-0000-4000-8000-000000000001\",\"files\":[1,3]}"));
    }

    @Test
    void addUploadsAMetalinkAsTheBodyWithWhomToTellInTheQuery() throws Exception {
        Path metalink = dir.resolve("disk.meta4");
        Files.writeString(metalink, "<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\"/>");
        gateway.json("/api/v1/tasks", 201, "application/json", """
                {"id":"%s","status":"QUEUED"}""".formatted(TASK));

        int exit = run("add", metalink.toString(), "--email", "a@example.org", "--valid-days", "2", "--token", "t0k");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(gateway.seen("/api/v1/tasks")).singleElement().satisfies(upload -> {
            assertThat(upload.contentType()).isEqualTo("application/metalink4+xml");
            assertThat(upload.query()).isEqualTo("notify=a%40example.org&validDays=2");
            assertThat(upload.body()).contains("urn:ietf:params:xml:ns:metalink");
            assertThat(upload.idempotencyKey()).isNotBlank();
        });
    }

    @Test
    void addWaitsForTheTaskAndExitsWithFourWhenItFailed() {
        gateway.json("/api/v1/tasks", 201, "application/json", """
                {"id":"%s","status":"QUEUED"}""".formatted(TASK));
        gateway.json("/api/v1/tasks/" + TASK + "/events", 200, "text/event-stream", """
                id: 1
                event: task
                data: {"id":"%1$s","status":"DOWNLOADING","progress":{"bytesDone":5,"bytesTotal":10,"bytesPerSecond":5}}

                id: 2
                event: task
                data: {"id":"%1$s","status":"FAILED","failure":{"type":"origin-not-found","detail":"404 from the origin"}}

                """.formatted(TASK));

        int exit = run("add", "https://example.org/a.iso", "--wait", "--token", "t0k");

        assertThat(exit).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(out.toString()).startsWith(TASK + "\n")
                .contains("50%").contains("FAILED").contains("origin-not-found: 404 from the origin");
    }

    @Test
    void lsShowsTheTasksAsATable() {
        gateway.json("/api/v1/tasks", 200, "application/json", """
                {"items":[
                  {"id":"%s","status":"COMPLETED","source":"https://example.org/hello.txt","progress":{"bytesDone":13,
                   "bytesTotal":13,"bytesPerSecond":0},"files":[{"id":"%s","path":"hello.txt","size":13}]},
                  {"id":"7d4f2c1e-0000-4000-8000-000000000002","status":"DOWNLOADING","source":"https://example.org/big.iso",
                   "progress":{"bytesDone":256,"bytesTotal":1024,"bytesPerSecond":64},"files":[]}],
                 "page":0,"size":100,"totalItems":2}""".formatted(TASK, FILE_ID));

        int exit = run("ls", "--status", "completed", "--token", "t0k");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString().lines().toList()).containsExactly(
                "ID                                    STATUS        DONE        SIZE  NAME",
                TASK + "  COMPLETED     100%        13 B  hello.txt",
                "7d4f2c1e-0000-4000-8000-000000000002  DOWNLOADING    25%     1.0 KiB  https://example.org/big.iso");
        assertThat(gateway.seen("/api/v1/tasks")).singleElement()
                .satisfies(request -> assertThat(request.query()).isEqualTo("page=0&size=100&status=COMPLETED"));
    }

    @Test
    void rmDeletesTheTaskAndANotFoundOneExitsWithThree() {
        gateway.json("/api/v1/tasks/" + TASK, 204, "application/json", "")
                .json("/api/v1/tasks/missing", 404, "application/problem+json", """
                        {"type":"https://cloudget.dev/problems/task-not-found","title":"Task not found","status":404,
                         "detail":"No task missing"}""");

        int removed = run("rm", TASK, "--token", "t0k");
        int missing = run("rm", "missing", "--token", "t0k");

        assertThat(removed).isZero();
        assertThat(out.toString()).isEqualTo("removed " + TASK + "\n");
        assertThat(gateway.seen("/api/v1/tasks/" + TASK)).singleElement()
                .satisfies(request -> assertThat(request.method()).isEqualTo("DELETE"));
        assertThat(missing).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(err.toString()).isEqualTo("error: Task not found: No task missing\n");
    }

    @Test
    void statusShowsProgressAndEveryEntryUrlWithItsIndex() {
        gateway.json("/api/v1/tasks/" + TASK, 200, "application/json", completedTask(gateway.url("/file")));

        int exit = run("status", TASK, "--token", "t0k");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("task " + TASK + "  COMPLETED  13 of 13 bytes (100%)")
                .contains("[0] hello.txt  13 bytes  sha256 " + sha256(HELLO))
                .contains(gateway.url("/file"));
    }

    @Test
    void getDownloadsEveryFileAndReportsItsStatistics() throws Exception {
        gateway.file(HELLO, "\"h1\"").json("/api/v1/tasks/" + TASK, 200, "application/json",
                completedTask(gateway.url("/file"))).json("/api/v1/reports", 202, "application/json", "{}");

        int exit = run("get", TASK, "-c", "2", "--token", "t0k", "-o", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(dir.resolve("hello.txt")).hasBinaryContent(HELLO);
        assertThat(out.toString()).contains("hello.txt  13 B  sha256 ok");
        JsonNode report = JSON.readTree(gateway.seen("/api/v1/reports").getFirst().body());
        assertThat(fieldNames(report)).containsExactly("task", "file", "fileSize", "bytes", "durationMillis",
                "averageBytesPerSecond", "peakBytesPerSecond", "connections", "result", "error", "resumed", "client");
        assertThat(report.path("task").asString()).isEqualTo(TASK);
        assertThat(report.path("file").asString()).isEqualTo(FILE_ID);
        assertThat(report.path("fileSize").asLong()).isEqualTo(13);
        assertThat(report.path("bytes").asLong()).isEqualTo(13);
        // one 1 MiB segment: one connection is all there is to use
        assertThat(report.path("connections").asInt()).isEqualTo(1);
        assertThat(report.path("result").asString()).isEqualTo("SUCCESS");
        assertThat(report.path("error").isNull()).isTrue();
        assertThat(report.path("resumed").asBoolean()).isFalse();
        assertThat(report.path("client").asString()).isEqualTo("cloudget-cli/0.1.0");
        assertThat(report.path("averageBytesPerSecond").asLong()).isPositive();
        assertThat(report.path("peakBytesPerSecond").asLong()).isPositive();
    }

    @Test
    void aReportThatCannotBeDeliveredIsAWarningNotAFailedGet() {
        gateway.file(HELLO, "\"h1\"").json("/api/v1/tasks/" + TASK, 200, "application/json",
                completedTask(gateway.url("/file"))).json("/api/v1/reports", 503, "application/problem+json", """
                        {"title":"Service Unavailable","status":503,"detail":"statistics-service is down"}""");

        int exit = run("get", TASK, "--token", "t0k", "-o", dir.toString());

        assertThat(exit).isZero();
        assertThat(dir.resolve("hello.txt")).hasBinaryContent(HELLO);
        assertThat(err.toString()).isEqualTo("warning: could not report download statistics: "
                + "Service Unavailable: statistics-service is down\n");
    }

    @Test
    void getWithNoReportSendsNone() {
        gateway.file(HELLO, "\"h1\"").json("/api/v1/tasks/" + TASK, 200, "application/json",
                completedTask(gateway.url("/file"))).json("/api/v1/reports", 202, "application/json", "{}");

        int exit = run("get", TASK, "--no-report", "--token", "t0k", "-o", dir.toString());

        assertThat(exit).isZero();
        assertThat(gateway.seen("/api/v1/reports")).isEmpty();
        assertThat(gateway.seen("/file")).isNotEmpty();
    }

    @Test
    void getReportsAFailureAndExitsWithSixWhenTheFileDoesNotVerify() {
        gateway.file("tampered bytes".getBytes(StandardCharsets.UTF_8), "\"h1\"")
                .json("/api/v1/tasks/" + TASK, 200, "application/json", completedTask(gateway.url("/file"))
                        .replace("\"size\":13", "\"size\":14"))
                .json("/api/v1/reports", 202, "application/json", "{}");

        int exit = run("get", TASK, "--token", "t0k", "-o", dir.toString());

        assertThat(exit).isEqualTo(ExitCode.VERIFICATION_FAILED);
        assertThat(err.toString()).startsWith("error: hello.txt does not verify").contains("partial file was deleted");
        assertThat(dir.resolve("hello.txt")).doesNotExist();
        JsonNode report = JSON.readTree(gateway.seen("/api/v1/reports").getFirst().body());
        assertThat(report.path("result").asString()).isEqualTo("FAILURE");
        assertThat(report.path("error").asString()).contains("does not verify");
    }

    @Test
    void getUsesALocallyMintedTokenForTheGatewayOnly() throws Exception {
        String secret = "a-test-secret-that-is-long-enough-for-hs256";
        gateway.file(HELLO, "\"h1\"").json("/api/v1/tasks/" + TASK, 200, "application/json",
                completedTask(gateway.url("/file")));

        int exit = run("get", TASK, "--user", "alice", "--secret", secret, "--no-report", "-o", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(gateway.seen()).allSatisfy(request -> {
            SignedJWT jwt = SignedJWT.parse(request.authorization().substring("Bearer ".length()));
            assertThat(jwt.verify(new MACVerifier(secret))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        });
    }

    @Test
    void getNeverSendsTheTokenToAnotherHost() {
        try (RangeFileServer elsewhere = newServer()) {
            elsewhere.file(HELLO, "\"h1\"");
            gateway.json("/api/v1/tasks/" + TASK, 200, "application/json", completedTask(elsewhere.url("/file")));

            int exit = run("get", TASK, "--token", "t0k", "--no-report", "-o", dir.toString());

            assertThat(exit).as(err.toString()).isZero();
            assertThat(elsewhere.seen()).isNotEmpty()
                    .allSatisfy(request -> assertThat(request.authorization()).isNull());
        }
    }

    @Test
    void getExitsWithEightWhileTheTaskRunsAndFourWhenItFailed() {
        gateway.json("/api/v1/tasks/" + TASK, 200, "application/json", """
                {"id":"%s","status":"DOWNLOADING","progress":{"bytesDone":5,"bytesTotal":-1,"bytesPerSecond":1}}"""
                .formatted(TASK))
                .json("/api/v1/tasks/7d4f2c1e-0000-4000-8000-000000000009", 200, "application/json", """
                        {"id":"7d4f2c1e-0000-4000-8000-000000000009","status":"FAILED",
                         "failure":{"type":"origin-not-found","detail":"404"}}""");

        int running = run("get", TASK, "--token", "t0k", "-o", dir.toString());
        int failed = run("get", "7d4f2c1e-0000-4000-8000-000000000009", "--token", "t0k", "-o", dir.toString());

        assertThat(running).isEqualTo(ExitCode.NOT_READY);
        assertThat(failed).isEqualTo(ExitCode.TASK_FAILED);
        assertThat(err.toString()).contains("error: task " + TASK + " is DOWNLOADING, not COMPLETED")
                .contains("is FAILED (origin-not-found: 404)");
    }

    @Test
    void getRefusesAFileNameThatLeavesTheOutputDirectory() {
        gateway.json("/api/v1/tasks/" + TASK, 200, "application/json",
                completedTask(gateway.url("/file")).replace("hello.txt", "../escaped.txt"));

        int exit = run("get", TASK, "--token", "t0k", "-o", dir.toString());

        assertThat(exit).isEqualTo(ExitCode.ERROR);
        assertThat(err.toString()).contains("leaves the output directory");
        assertThat(dir.resolveSibling("escaped.txt")).doesNotExist();
    }

    @Test
    void printsAProblemAsTitleAndDetailWithTheExitCodeOfItsStatus() {
        gateway.json("/api/v1/tasks/refused", 401, "application/problem+json", """
                {"type":"https://cloudget.dev/problems/unauthorized","title":"Unauthorized","status":401,
                 "detail":"The bearer token has expired"}""")
                .json("/api/v1/tasks/busy", 503, "application/problem+json", """
                        {"title":"Service Unavailable","status":503,"detail":"task-management is starting"}""");

        int refused = run("status", "refused", "--token", "t0k");
        int busy = run("status", "busy", "--token", "t0k");

        assertThat(refused).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(busy).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(err.toString()).isEqualTo("error: Unauthorized: The bearer token has expired\n"
                + "error: Service Unavailable: task-management is starting\n");
    }

    @Test
    void aGatewayThatIsNotThereExitsWithSeven() {
        int port = gateway.port();
        gateway.close();

        int exit = run("status", TASK, "--token", "t0k");

        assertThat(exit).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(err.toString()).startsWith("error: cannot reach the gateway at http://127.0.0.1:" + port);
    }

    @Test
    void withoutAnyTokenItSaysToLogInAndExitsWithFive() {
        int exit = run("status", TASK);

        assertThat(exit).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(err.toString()).startsWith("error: not logged in: run 'cloudget login'");
        assertThat(gateway.seen()).isEmpty();
    }

    @Test
    void aUsageErrorExitsWithTwo() {
        int exit = run("get", TASK, "-c", "17", "--token", "t0k");
        int unknownOption = run("ls", "--colour");

        assertThat(exit).isEqualTo(ExitCode.USAGE);
        assertThat(unknownOption).isEqualTo(ExitCode.USAGE);
        assertThat(gateway.seen()).isEmpty();
    }

    @Test
    void loginChecksTheTokenReadFromStandardInputAndEveryLaterCommandUsesIt() {
        gateway.json("/api/v1/tasks", 200, "application/json", """
                {"items":[],"page":0,"size":1,"totalItems":0}""")
                .json("/api/v1/tasks/" + TASK, 200, "application/json", completedTask(gateway.url("/file")));
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";

        int login = runWithInput(token + "\n", "login");
        ClientConfig.Login saved = new ClientConfig(config).read().orElseThrow();
        // no --gateway, no --token: both from the saved login
        int status = cli().execute("status", TASK, "--config-dir", config.toString());

        assertThat(login).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("logged in to " + gateway.url("/") + " as alice; saved in "
                + config.resolve("login.properties"));
        assertThat(gateway.seen("/api/v1/tasks")).singleElement().satisfies(check -> {
            assertThat(check.authorization()).isEqualTo("Bearer " + token);
            assertThat(check.query()).isEqualTo("page=0&size=1");
        });
        assertThat(saved).isEqualTo(new ClientConfig.Login(gateway.url("/"), token));
        assertThat(status).as(err.toString()).isZero();
        assertThat(gateway.seen("/api/v1/tasks/" + TASK)).singleElement()
                .satisfies(request -> assertThat(request.authorization()).isEqualTo("Bearer " + token));
    }

    @Test
    void loginSavesNothingWhenTheGatewayRefusesTheToken() {
        gateway.json("/api/v1/tasks", 401, "application/problem+json", """
                {"title":"Unauthorized","status":401,"detail":"Invalid bearer token"}""");

        int exit = run("login", "--token", "forged");

        assertThat(exit).isEqualTo(ExitCode.UNAUTHORIZED);
        assertThat(err.toString()).isEqualTo("error: Unauthorized: Invalid bearer token\n");
        assertThat(config.resolve("login.properties")).doesNotExist();
    }

    @Test
    void helpListsTheExitCodes() {
        int exit = run("get", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Exit codes:").contains("6    verification failed")
                .contains("130  interrupted");
    }

    private int run(String... args) {
        return runWithInput("", args);
    }

    private int runWithInput(String stdin, String... args) {
        CommandLine cli = cli();
        if (args[0].equals("login")) {
            ((LoginCommand) cli.getSubcommands().get("login").getCommand())
                    .readingFrom(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        List<String> withGateway = new ArrayList<>(Arrays.asList(args));
        if (!args[args.length - 1].equals("--help")) {
            withGateway.addAll(List.of("--gateway", gateway.url("/"), "--config-dir", config.toString()));
        }
        return cli.execute(withGateway.toArray(String[]::new));
    }

    private CommandLine cli() {
        CommandLine cli = CloudgetClient.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli;
    }

    private String completedTask(String entryUrl) {
        return """
                {"id":"%s","status":"COMPLETED","progress":{"bytesDone":13,"bytesTotal":13,"bytesPerSecond":0},
                 "files":[{"id":"%s","path":"hello.txt","size":13,"sha256":"%s","entryUrl":"%s",
                           "validUntil":"2026-12-02T12:00:00Z"}]}""".formatted(TASK, FILE_ID, sha256(HELLO), entryUrl);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static RangeFileServer newServer() {
        try {
            return new RangeFileServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
