package dev.cloudget.system;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cloudget.infra.Databases;
import dev.cloudget.infra.KafkaServer;
import dev.cloudget.infra.LocalSecrets;
import dev.cloudget.infra.MailServer;
import dev.cloudget.infra.Ports;
import dev.cloudget.infra.Receivers;
import dev.cloudget.infra.S3Server;
import dev.cloudget.system.swarm.Swarm;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system for one test run: one set of local infrastructure (Kafka, S3, SMTP, PostgreSQL databases)
 * and every service as its own process from its built jar, wired as in production. Started once per JVM.
 */
final class CloudgetSystem implements AutoCloseable {

    static final String JWT_SECRET = "system-test-jwt-secret-with-more-than-32-bytes";
    static final String GATEWAY_SECRET = "system-test-gateway-secret";
    static final String ENTRY_SIGNING_KEY = "system-test-entry-signing-key-0123456789";

    /** module → database it owns, for the services that own data. */
    private static final Map<String, String> DATABASES = Map.of(
            "task-management-service", "cloudget_sys_tasks",
            "task-distribution-service", "cloudget_sys_distribution",
            "storage-service", "cloudget_sys_storage",
            "seed-parser-service", "cloudget_sys_seeds",
            "statistics-service", "cloudget_sys_statistics");

    private static final List<String> MODULES = List.of(
            "protocol-conversion-service", "storage-service", "task-distribution-service",
            "task-management-service", "download-worker", "seed-parser-service", "statistics-service", "gateway");

    private static CloudgetSystem instance;

    private LocalSecrets.Generated identities;

    private final Path workDir;
    private final KafkaServer kafka;
    private final S3Server s3;
    private final MailServer mail;
    private final Origin origin;
    private final Receivers receivers = Receivers.start();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private Path root;
    private Map<String, String> env;
    private int workerStarts;
    private int restarts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI gateway;

    private CloudgetSystem(Path workDir, KafkaServer kafka, S3Server s3, MailServer mail, Origin origin) {
        this.workDir = workDir;
        this.kafka = kafka;
        this.s3 = s3;
        this.mail = mail;
        this.origin = origin;
    }

    static synchronized CloudgetSystem get() throws Exception {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::closeQuietly, "cloudget-system-stop"));
        }
        return instance;
    }

    private static CloudgetSystem start() throws Exception {
        Path root = Path.of(System.getProperty("cloudget.root", "..")).toAbsolutePath().normalize();
        Path workDir = root.resolve("system-tests/target/system");
        stopLeftoversOfAnEarlierRun(workDir.resolve("pids"));
        deleteEarlierRun(workDir);
        Files.createDirectories(workDir);
        Instant began = Instant.now();

        DATABASES.values().forEach(name -> Databases.ensure(name, true));
        KafkaServer kafka = KafkaServer.start(0, workDir.resolve("kafka"), 3);
        S3Server s3 = S3Server.start(0, workDir.resolve("s3"), "cloudget", "system-test-s3-secret-key");
        MailServer mail = MailServer.start(0, 0);
        Origin origin = Origin.start(workDir.resolve("origin"));
        CloudgetSystem system = new CloudgetSystem(workDir, kafka, s3, mail, origin);
        try {
            system.startServices(root);
        } catch (Exception | Error e) {
            system.closeQuietly();
            throw e;
        }
        System.out.printf("[system] infrastructure and %d services ready in %d s%n", system.services.size(),
                Duration.between(began, Instant.now()).toSeconds());
        return system;
    }

    private void startServices(Path root) throws IOException {
        Map<String, Integer> ports = new HashMap<>();
        for (String module : MODULES) {
            ports.put(module, Ports.free());
        }
        gateway = URI.create("http://127.0.0.1:" + ports.get("gateway"));
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("S3_ENDPOINT", s3.endpoint().toString());
        env.put("S3_ACCESS_KEY", s3.accessKey());
        env.put("S3_SECRET_KEY", s3.secretKey());
        env.put("S3_BUCKET", "cloudget");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", String.valueOf(mail.smtpPort()));
        env.put("CLOUDGET_GATEWAY_SECRET", GATEWAY_SECRET);
        env.put("CLOUDGET_ENTRY_SIGNING_KEY", ENTRY_SIGNING_KEY);
        env.put("CLOUDGET_JWT_SECRET", JWT_SECRET);
        // each service's own key, every public key to all (each service's callers decide who may call what)
        identities = LocalSecrets.generate(MODULES);
        env.put("CLOUDGET_SERVICE_PUBLIC_KEYS", identities.common().get("CLOUDGET_SERVICE_PUBLIC_KEYS"));
        env.put("CLOUDGET_PUBLIC_URL", gateway.toString());
        env.put("CLOUDGET_DB_USER", Databases.user());
        env.put("CLOUDGET_DB_PASSWORD", Databases.password());
        env.put("TASK_MANAGEMENT_URL", local(ports, "task-management-service"));
        env.put("STORAGE_URL", local(ports, "storage-service"));
        env.put("PROTOCOL_CONVERSION_URL", local(ports, "protocol-conversion-service"));
        env.put("TASK_DISTRIBUTION_URL", local(ports, "task-distribution-service"));
        env.put("SEED_PARSER_URL", local(ports, "seed-parser-service"));
        env.put("STATISTICS_URL", local(ports, "statistics-service"));
        // a confirmed lease its worker stops renewing is handed on after this (heartbeats renew it every 2 s)
        env.put("DISTRIBUTION_LEASE_DURATION", "10s");
        env.put("WORKER_ID", "worker-system-test");
        env.put("WORKER_ADVERTISED_URL", local(ports, "download-worker"));
        env.put("WORKER_SCRATCH_DIR", workDir.resolve("worker-scratch").toString());
        // exactly the loopback origin the tests use, and the BitTorrent swarm's own loopback address (its tracker
        // and seeders take ports as tests start them); every other non-public address stays refused
        env.put("CLOUDGET_ALLOWLIST", "127.0.0.1:" + origin.port() + "," + Swarm.HOST + "/32,127.0.0.1:"
                + receivers.port());
        // notifications: SMS through the loopback stand-in of a provider (webhooks go to its /hooks/ paths)
        env.put("SMS_GATEWAY_URL", receivers.url("/sms"));
        // storage sweeps often: a test sees a valid period pass
        env.put("CLOUDGET_SWEEP_INITIAL_DELAY", "PT5S");
        env.put("CLOUDGET_SWEEP_INTERVAL", "PT2S");
        // task-management killed by a test: its partitions go to the one started again after 10 s, not 45
        env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
        // the suite submits hundreds of tasks within seconds as a few users (PlacementIT: 200 at once); the gateway's
        // rate limits and task-management's quotas are tested in their modules (LimitsIT, QuotasIT)
        env.put("CLOUDGET_SUBMIT_RATE", "1000");
        env.put("CLOUDGET_SUBMIT_BURST", "1000");
        env.put("CLOUDGET_QUOTA_SUBMITS_PER_MINUTE", "unlimited");
        env.put("CLOUDGET_QUOTA_RUNNING_TASKS", "unlimited");
        // --- BitTorrent in tests (the services' defaults are for production):
        // a swarm whose seeders all left fails fast, a magnet nobody can resolve times out fast, and no DHT: the
        // local tracker is the only way to peers, so nothing leaves this machine
        env.put("WORKER_BT_STALL_TIMEOUT", "PT10S");
        env.put("WORKER_BT_DHT", "false");
        env.put("SEEDS_MAGNET_DEADLINE", "PT15S");
        env.put("WORKER_BT_METADATA_TIMEOUT", "PT15S");
        // --- end BitTorrent

        this.root = root;
        this.env = env;
        for (String module : MODULES) {
            services.put(module, ServiceProcess.start(module, ports.get(module), jarOf(module), envOf(module),
                    jvmOptionsOf(module), workDir.resolve("logs")));
        }
        Files.writeString(workDir.resolve("pids"), services.values().stream()
                .map(service -> service.pid() + " " + service.module() + "\n").reduce("", String::concat));
        for (ServiceProcess service : services.values()) {
            awaitReady(service);
        }
    }

    /** The system's environment, with the database {@code module} owns. */
    private Map<String, String> envOf(String module) {
        Map<String, String> serviceEnv = new HashMap<>(env);
        serviceEnv.putAll(identities.own().get(module));
        if (DATABASES.containsKey(module)) {
            serviceEnv.put("CLOUDGET_DB_URL", Databases.jdbcUrl(DATABASES.get(module)));
        }
        return serviceEnv;
    }

    private Path jarOf(String module) {
        String version = System.getProperty("cloudget.version", "0.1.0-SNAPSHOT");
        return root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
    }

    private static List<String> jvmOptionsOf(String module) {
        boolean dataPath = module.equals("download-worker") || module.equals("storage-service")
                || module.equals("gateway");
        List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xss512k"));
        if (!dataPath) {
            // control-plane services: quick start matters more than peak compiled speed
            jvm.add("-XX:TieredStopAtLevel=1");
        }
        return jvm;
    }

    /**
     * Kills {@code module} ({@code kill -9}: it gets no chance to finish anything) and starts it again on its port with
     * {@code settings} (environment variables) over the system's, waiting until it is ready. An empty map starts it as
     * the system first did.
     */
    synchronized ServiceProcess restart(String module, Map<String, String> settings) throws Exception {
        ServiceProcess old = services.get(module);
        old.kill();
        Map<String, String> serviceEnv = envOf(module);
        serviceEnv.putAll(settings);
        // its own log: the killed one's tells how it ended
        ServiceProcess started = ServiceProcess.start(module + "-" + (++restarts), old.port(), jarOf(module), serviceEnv,
                jvmOptionsOf(module), workDir.resolve("logs"));
        services.put(module, started);
        Files.writeString(workDir.resolve("pids"), started.pid() + " " + module + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        awaitReady(started);
        return started;
    }

    /**
     * Starts one more {@code module} beside the system on a port of its own, with {@code settings} over the system's
     * environment for it, and does not wait for it: for a test that expects it to refuse to start. The caller stops it.
     */
    synchronized ServiceProcess startBeside(String module, Map<String, String> settings) throws IOException {
        Map<String, String> serviceEnv = envOf(module);
        serviceEnv.putAll(settings);
        return ServiceProcess.start(module + "-beside-" + (++restarts), Ports.free(), jarOf(module), serviceEnv,
                jvmOptionsOf(module), workDir.resolve("logs"));
    }

    Receivers receivers() {
        return receivers;
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** A test JVM that was killed leaves its services running; stop those (only if they still are ours). */
    private static void stopLeftoversOfAnEarlierRun(Path pids) throws IOException {
        if (!Files.exists(pids)) {
            return;
        }
        for (String line : Files.readAllLines(pids)) {
            String[] pidAndModule = line.trim().split(" ", 2);
            if (pidAndModule.length < 2) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(pidAndModule[0]))
                    .filter(process -> process.info().commandLine().orElse("")
                            .contains(pidAndModule[1] + "-"))
                    .ifPresent(process -> {
                        System.out.println("[system] stopping " + pidAndModule[1] + " left by an earlier run");
                        process.destroyForcibly();
                    });
        }
    }

    private void awaitReady(ServiceProcess service) {
        URI readiness = URI.create("http://127.0.0.1:" + service.port() + "/actuator/health/readiness");
        Awaitility.await(service.module() + " ready")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!service.isAlive()) {
                        throw new IllegalStateException(service.module() + " exited; see " + service.log() + ":\n"
                                + service.tail());
                    }
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(readiness).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                        return response.statusCode() == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    /** The running process of {@code module} (for a worker started by {@link #startWorker}, its id). */
    synchronized ServiceProcess service(String name) {
        return services.get(name);
    }

    /** The name the system's own worker runs under; {@link #service} of it is its process. */
    static final String WORKER = "download-worker";

    /**
     * Starts (or starts again, after it was killed) a download worker known as {@code id}, on {@code port} (0: a free
     * one), with the system's settings, and waits until it is ready. {@link #WORKER} is the system's own.
     */
    synchronized ServiceProcess startWorker(String id, int port) throws IOException {
        return startWorker(id, port, Map.of());
    }

    /** As {@link #startWorker(String, int)}, with {@code settings} (environment variables) over the system's. */
    synchronized ServiceProcess startWorker(String id, int port, Map<String, String> settings) throws IOException {
        boolean own = id.equals(WORKER);
        int chosen = port > 0 ? port : Ports.free();
        Map<String, String> workerEnv = envOf(WORKER);
        workerEnv.putAll(settings);
        if (!own) {
            workerEnv.put("WORKER_ID", id);
            workerEnv.put("WORKER_ADVERTISED_URL", "http://127.0.0.1:" + chosen);
            workerEnv.put("WORKER_SCRATCH_DIR", workDir.resolve("worker-scratch-" + id).toString());
        }
        // a worker started again logs to a file of its own: the earlier one's log tells how it ended
        String logName = (own ? WORKER : "download-worker-" + id) + "-" + (++workerStarts);
        ServiceProcess worker = ServiceProcess.start(logName, chosen, jarOf(WORKER), workerEnv,
                jvmOptionsOf(WORKER), workDir.resolve("logs"));
        services.put(own ? WORKER : id, worker);
        awaitReady(worker);
        return worker;
    }

    URI gateway() {
        return gateway;
    }

    Origin origin() {
        return origin;
    }

    S3Server s3() {
        return s3;
    }

    /** Where the run keeps its state: the object store's files ({@code s3/}), the workers' scratch disks, the logs. */
    Path workDir() {
        return workDir;
    }

    /** The object keys storage-service's catalogue holds content in. */
    List<String> registeredObjectKeys() throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(
                Databases.jdbcUrl(DATABASES.get("storage-service")), Databases.user(), Databases.password());
             var rows = connection.createStatement().executeQuery("SELECT object_key FROM contents")) {
            List<String> keys = new java.util.ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            return keys;
        }
    }

    /** Whether storage-service's catalogue holds content {@code sha256}. */
    boolean contentStored(String sha256) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(
                Databases.jdbcUrl(DATABASES.get("storage-service")), Databases.user(), Databases.password());
             var query = connection.prepareStatement("SELECT count(*) FROM contents WHERE sha256 = ?")) {
            query.setString(1, sha256);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) > 0;
            }
        }
    }

    MailServer mail() {
        return mail;
    }

    /** A bearer token for {@code user} with {@code scopes}, signed like the ones the download client mints. */
    static String tokenFor(String user, String... scopes) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .subject(user)
                    // what the gateway accepts: its issuer and audience, an id, at most a day to live
                    .issuer("cloudget")
                    .audience("cloudget-api")
                    .jwtID(java.util.UUID.randomUUID().toString())
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofHours(1))));
            if (scopes.length > 0) {
                claims.claim("scope", String.join(" ", scopes));
            }
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String local(Map<String, Integer> ports, String module) {
        return "http://127.0.0.1:" + ports.get(module);
    }

    /** Empties the work directory, except {@code swarm/}: each swarm empties its own, and its logs outlive us. */
    private static void deleteEarlierRun(Path workDir) throws IOException {
        if (!Files.exists(workDir)) {
            return;
        }
        try (var children = Files.list(workDir)) {
            for (Path child : children.filter(child -> !child.getFileName().toString().equals("swarm")).toList()) {
                deleteRecursively(child);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception e) {
            System.err.println("[system] stopping failed: " + e);
        }
    }

    @Override
    public synchronized void close() throws Exception {
        try {
            if (!services.isEmpty()) {
                StringBuilder report = new StringBuilder("module,pid,peak_rss_mib\n");
                services.values().forEach(service -> report.append("%s,%d,%.0f%n".formatted(service.module(),
                        service.pid(), service.peakRssKib() / 1024.0)));
                System.out.print("[system] peak RSS per service (MiB):\n" + report);
                Files.writeString(workDir.resolve("peak-rss.csv"), report);
            }
        } finally {
            for (ServiceProcess service : services.values()) {
                service.close();
            }
            services.clear();
            origin.close();
            receivers.close();
            mail.close();
            s3.close();
            kafka.close();
        }
    }
}
