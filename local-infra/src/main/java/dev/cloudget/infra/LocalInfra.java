package dev.cloudget.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the local infrastructure in one process and keeps it running until stopped: a Kafka broker
 * (KRaft), an S3 server, an SMTP/IMAP server, and the services' PostgreSQL databases — on the machine's
 * PostgreSQL when one answers on {@code CLOUDGET_PG_HOST:CLOUDGET_PG_PORT}, else on an embedded one it
 * starts itself. Prints {@code READY} once everything accepts connections.
 */
public final class LocalInfra {

    private static final Logger log = LoggerFactory.getLogger(LocalInfra.class);

    /** The databases of the services that own data (see docs/CONVENTIONS.md). */
    public static final List<String> DATABASES = List.of(
            "cloudget_tasks", "cloudget_distribution", "cloudget_storage", "cloudget_seeds", "cloudget_statistics");

    private LocalInfra() {
    }

    /** No arguments: start the infrastructure. {@code secrets DIR SERVICE…}: write the local run's secrets and exit. */
    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("secrets")) {
            LocalSecrets.write(Path.of(args[1]), List.of(args).subList(2, args.length));
            return;
        }
        Path dataDir = Path.of(Databases.env("CLOUDGET_INFRA_DIR", ".cloudget/infra")).toAbsolutePath();
        Files.createDirectories(dataDir);
        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started), "infra-shutdown"));

        if (!Ports.answers(Databases.host(), Databases.port(), Duration.ofMillis(500))) {
            log.info("No PostgreSQL on {}:{}; starting an embedded one", Databases.host(), Databases.port());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(Databases.port())
                    .setDataDirectory(dataDir.resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .start();
            started.add(postgres);
        }
        // The databases live on the machine's server, the objects and topics under dataDir: a new dataDir
        // (a fresh checkout, or one whose .cloudget was removed) starts the databases afresh too, so that no
        // row promises an object or an event this run has never seen.
        boolean fresh = !Files.exists(dataDir.resolve("s3"));
        if (fresh) {
            log.info("New local state in {}: (re)creating the services' databases", dataDir);
        }
        for (String database : DATABASES) {
            Databases.ensure(database, fresh);
        }

        int kafkaPort = Integer.parseInt(Databases.env("KAFKA_PORT", "9092"));
        KafkaServer kafka = KafkaServer.start(kafkaPort, dataDir.resolve("kafka"), 3);
        started.add(kafka);

        S3Server s3 = S3Server.start(Integer.parseInt(Databases.env("S3_PORT", "9000")), dataDir.resolve("s3"),
                Databases.env("S3_ACCESS_KEY", "cloudget"), required("S3_SECRET_KEY"));
        started.add(s3);

        MailServer mail = MailServer.start(Integer.parseInt(Databases.env("SMTP_PORT", "3025")),
                Integer.parseInt(Databases.env("IMAP_PORT", "3143")));
        started.add(mail);

        System.out.printf("READY kafka=%s s3=%s smtp=127.0.0.1:%d imap=127.0.0.1:%d postgres=%s:%d%n",
                kafka.bootstrapServers(), s3.endpoint(), mail.smtpPort(), mail.imapPort(),
                Databases.host(), Databases.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: ./cloudget up passes this installation's secrets");
        }
        return value;
    }

    private static void stopAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
