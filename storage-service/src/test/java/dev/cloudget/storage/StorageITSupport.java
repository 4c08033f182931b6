package dev.cloudget.storage;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.storage.EntryAddresses;
import dev.cloudget.contracts.web.GatewayHeaders;
import dev.cloudget.testsupport.TestSecrets;
import dev.cloudget.infra.Databases;
import dev.cloudget.infra.S3Server;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Spring context for every storage IT, against the machine's PostgreSQL and a real S3 server
 * (S3Proxy) started once per JVM. Subclasses must not change the configuration, so the context is reused.
 */
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        topics = Topics.CONTENT_REMOVED)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cloudget.outbox.poll-interval=PT0.2S",
        "cloudget.gateway.secret=" + StorageITSupport.GATEWAY_SECRET,
        "cloudget.entries.signing-key=" + StorageITSupport.ENTRY_SIGNING_KEY,
        // the ITs call the sweeper themselves
        "cloudget.storage.sweep-initial-delay=PT10H",
        "cloudget.storage.unclaimed-retention=PT1H"})
public abstract class StorageITSupport {

    protected static final String GATEWAY_SECRET = "it-gateway-secret-0123456789";
    protected static final String BUCKET = "cloudget";
    private static final String ACCESS_KEY = "cloudget";
    private static final String SECRET_KEY = "storage-it-s3-secret-key";

    private static final S3Server S3;
    private static final String DATABASE_URL;
    private static final AtomicLong STAGING_SEQUENCE = new AtomicLong();
    /** task-distribution's stand-in: each job's current lease epoch, as {@code GET /internal/jobs/{job}/lease} says. */
    protected static final Map<UUID, Long> LEASES = new ConcurrentHashMap<>();
    private static final HttpServer DISTRIBUTION;

    static {
        try {
            S3 = S3Server.start(0, Files.createTempDirectory("cloudget-storage-it-s3"), ACCESS_KEY, SECRET_KEY);
            DISTRIBUTION = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DISTRIBUTION.createContext("/internal/jobs/", StorageITSupport::answerLease);
        DISTRIBUTION.start();
        Runtime.getRuntime().addShutdownHook(new Thread(S3::close));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> DISTRIBUTION.stop(0)));
        DATABASE_URL = Databases.ensure("cloudget_it_storage", true);
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("cloudget.services.distribution.url",
                () -> "http://127.0.0.1:" + DISTRIBUTION.getAddress().getPort());
        registry.add("spring.datasource.username", Databases::user);
        registry.add("spring.datasource.password", Databases::password);
        registry.add("cloudget.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("cloudget.s3.access-key", () -> ACCESS_KEY);
        registry.add("cloudget.s3.secret-key", () -> SECRET_KEY);
        registry.add("cloudget.s3.bucket", () -> BUCKET);
    }

    protected final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    protected final MinioClient s3 = MinioClient.builder().endpoint(S3.endpoint().toString())
            .credentials(ACCESS_KEY, SECRET_KEY).region("us-east-1").build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected JsonMapper json;

    // --- test data -----------------------------------------------------------------------------

    protected static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    protected static ContentHash sha256(byte[] bytes) {
        try {
            return ContentHash.ofDigest(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads {@code bytes} where a worker would, and returns the object's key. */
    protected String stage(byte[] bytes) throws Exception {
        String key = "uploads/" + UUID.randomUUID() + "/1/" + STAGING_SEQUENCE.incrementAndGet();
        s3.putObject(PutObjectArgs.builder().bucket(BUCKET).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        return key;
    }

    /** The object the catalogue keeps {@code sha256} in. */
    protected String objectOf(ContentHash sha256) {
        return jdbc.sql("SELECT object_key FROM contents WHERE sha256 = :sha256").param("sha256", sha256.hex())
                .query(String.class).single();
    }

    protected boolean objectExists(String key) {
        try {
            s3.statObject(StatObjectArgs.builder().bucket(BUCKET).object(key).build());
            return true;
        } catch (io.minio.errors.ErrorResponseException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers the upload for a job of its own, under that job's current lease. */
    protected HttpResponse<String> registerContent(String objectKey, ContentHash sha256, long size)
            throws Exception {
        UUID job = UUID.randomUUID();
        LEASES.put(job, 1L);
        return registerContent(objectKey, sha256, size, job, 1);
    }

    protected HttpResponse<String> registerContent(String objectKey, ContentHash sha256, long size, UUID job,
            long epoch) throws Exception {
        return postJson("/internal/contents", Map.of("objectKey", objectKey, "sha256", sha256.hex(), "size", size,
                "job", job.toString(), "epoch", epoch));
    }

    /** {@code {"job":…,"epoch":…,"status":"ASSIGNED"}} for a job in {@link #LEASES}, else 404. */
    private static void answerLease(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/");
            Long epoch = LEASES.get(UUID.fromString(path[3]));
            if (epoch == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = ("{\"job\":\"" + path[3] + "\",\"epoch\":" + epoch + ",\"status\":\"ASSIGNED\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** Stages and registers {@code bytes}, returning their hash. */
    protected ContentHash storeContent(byte[] bytes) throws Exception {
        ContentHash sha256 = sha256(bytes);
        HttpResponse<String> response = registerContent(stage(bytes), sha256, bytes.length);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IllegalStateException("register failed: " + response.statusCode() + " " + response.body());
        }
        return sha256;
    }

    protected HttpResponse<String> createEntry(String owner, ContentHash sha256, String name, Instant validUntil)
            throws Exception {
        return createEntry(UUID.randomUUID(), owner, sha256, name, validUntil);
    }

    /** Asks for the entry {@code id}, as task-management does with the ids it derives. */
    protected HttpResponse<String> createEntry(UUID id, String owner, ContentHash sha256, String name,
            Instant validUntil) throws Exception {
        return postJson("/internal/files", Map.of("id", id.toString(), "owner", owner, "sha256", sha256.hex(),
                "name", name, "validUntil", validUntil.toString()));
    }

    /** Creates an entry valid for a day and returns its id. */
    protected UUID entryFor(String owner, ContentHash sha256, String name) throws Exception {
        HttpResponse<String> response = createEntry(owner, sha256, name, Instant.now().plusSeconds(86_400));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create entry failed: " + response.statusCode() + " " + response.body());
        }
        return UUID.fromString(json(response).get("id").asString());
    }

    /** Makes the content look as if its valid period had passed. */
    protected void expireContent(ContentHash sha256) {
        jdbc.sql("UPDATE contents SET expires_at = now() - interval '1 minute' WHERE sha256 = :sha256")
                .param("sha256", sha256.hex())
                .update();
    }

    // --- HTTP ----------------------------------------------------------------------------------

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> postJson(String path, Object body) throws Exception {
        HttpRequest request = internal(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A request to storage's {@code /internal/**} as the service that calls it there would send it: the worker
     * registers content, task-management manages file entries.
     */
    protected HttpRequest.Builder internal(String path) {
        String caller = path.startsWith("/internal/contents") ? "download-worker" : "task-management-service";
        return HttpRequest.newBuilder(uri(path))
                .header(TestSecrets.SERVICE_TOKEN_HEADER, TestSecrets.tokenFrom(caller, "storage-service"));
    }

    /** What the gateway forwards for a request without a token: its secret, no user. */
    protected HttpRequest.Builder viaGateway(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).header(GatewayHeaders.GATEWAY_SECRET, GATEWAY_SECRET);
    }

    /** The capability URL task-management would hand out for the entry (the ITs run with the default key). */
    protected static String signedPath(UUID entry, String owner, String name, Instant expires) {
        return new EntryAddresses(ENTRY_SIGNING_KEY).pathOf(entry, owner, name, expires);
    }

    protected static final String ENTRY_SIGNING_KEY = "it-entry-signing-key-0123456789-0123456789";

    protected HttpRequest.Builder asUser(String user, String path) {
        return HttpRequest.newBuilder(uri(path))
                .header(GatewayHeaders.USER_ID, user)
                .header(GatewayHeaders.GATEWAY_SECRET, GATEWAY_SECRET);
    }

    protected JsonNode json(HttpResponse<String> response) {
        return json.readTree(response.body());
    }
}
