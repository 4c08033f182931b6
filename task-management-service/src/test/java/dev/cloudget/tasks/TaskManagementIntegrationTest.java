package dev.cloudget.tasks;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.infra.Databases;
import dev.cloudget.infra.MailServer;
import dev.cloudget.infra.Receivers;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * The one Spring context of this module's integration tests: the service on a random port with its
 * real PostgreSQL database, a real Kafka broker, a real SMTP server, and protocol-conversion and
 * storage served on loopback by {@link FakeServices}. Every subclass shares it through the context cache.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers", topics = {
        Topics.JOB_REQUESTED, Topics.JOB_CANCELLED, Topics.JOB_PROGRESS, Topics.JOB_COMPLETED, Topics.JOB_FAILED,
        Topics.CONTENT_REMOVED, Topics.TASK_SETTLED})
abstract class TaskManagementIntegrationTest {

    static final String PUBLIC_URL = "https://cloudget.test";
    /** Per-user quotas small enough for {@link QuotasIT} to reach; every other test's users stay far below them. */
    static final int RUNNING_TASKS = 6;
    static final int SUBMITS_PER_MINUTE = 12;
    static final long BYTES_HELD = 1 << 20;
    static final long MAX_OBJECT_SIZE = 64 << 20;

    // started once per JVM, like the context that points at them
    static final String DATABASE_URL = Databases.ensure("cloudget_it_tasks", true);
    static final MailServer MAIL = MailServer.start(0, 0);
    static final FakeServices SERVICES = FakeServices.start();
    /** The SMS provider and the webhook receivers, on loopback. */
    static final Receivers RECEIVERS = Receivers.start();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", MAIL::smtpPort);
        registry.add("cloudget.protocol-conversion-url", SERVICES::baseUrl);
        registry.add("cloudget.storage-url", SERVICES::baseUrl);
        registry.add("cloudget.seed-parser-url", SERVICES::baseUrl);
        registry.add("cloudget.public-url", () -> PUBLIC_URL);
        registry.add("cloudget.notifications.poll-interval", () -> "100ms");
        registry.add("cloudget.outbox.poll-interval", () -> "100ms");
        registry.add("cloudget.completion.revoke-interval", () -> "200ms");
        registry.add("cloudget.tasks.expiry-interval", () -> "200ms");
        registry.add("cloudget.notifications.sms.url", () -> RECEIVERS.url("/sms"));
        registry.add("cloudget.notifications.webhooks.allowlist", () -> "127.0.0.0/8");
        registry.add("cloudget.quotas.running-tasks", () -> RUNNING_TASKS);
        registry.add("cloudget.quotas.submits-per-minute", () -> SUBMITS_PER_MINUTE);
        registry.add("cloudget.quotas.bytes-held", () -> BYTES_HELD);
        registry.add("cloudget.quotas.max-object-size", () -> MAX_OBJECT_SIZE);
    }

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    KafkaTemplate<String, Object> kafka;
    @Autowired
    JdbcClient jdbc;

    Api api;
    KafkaProbe probe;

    @BeforeEach
    void clients() {
        api = new Api("http://127.0.0.1:" + port, json);
        probe = new KafkaProbe(broker);
    }

    /** A link nobody asked for before. */
    static String newLink() {
        return "https://origin.example/files/" + UUID.randomUUID() + ".bin";
    }

    static String newUser(String name) {
        return name + "-" + UUID.randomUUID();
    }

    /** Waits for the {@link JobRequested} of {@code link}'s source key and returns its job. */
    JobId jobRequestedFor(String link) {
        List<ConsumerRecord<String, Object>> records = probe.readUntil(Topics.JOB_REQUESTED, requestFor(link));
        ConsumerRecord<String, Object> last = records.getLast();
        JobRequested requested = (JobRequested) last.value();
        if (!last.key().equals(requested.job().toString())) {
            throw new AssertionError("JobRequested keyed " + last.key() + " instead of its job " + requested.job());
        }
        return requested.job();
    }

    /**
     * How many {@link JobRequested} were published for {@code link}, counted once a request for a new
     * link submitted afterwards went out: the outbox publishes in order on a one-partition topic.
     */
    long jobRequestsFor(String link) {
        String marker = newLink();
        if (api.submit(newUser("marker"), api.body(marker, null)).status() != 201) {
            throw new AssertionError("marker submit failed");
        }
        return probe.readUntil(Topics.JOB_REQUESTED, requestFor(marker)).stream()
                .filter(record -> requestFor(link).test(record.value()))
                .count();
    }

    static Predicate<Object> requestFor(String link) {
        return value -> value instanceof JobRequested requested
                && requested.sourceKey().value().equals(URI.create(link).normalize().toString());
    }

    /** The task once it reached {@code status}. */
    JsonNode awaitStatus(String user, String task, String status) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = api.get(user, "/api/v1/tasks/" + task).body();
            return status.equals(last[0].get("status").asString());
        });
        return last[0];
    }

    /** The emails GreenMail received for {@code recipient}. */
    static List<MimeMessage> mailTo(String recipient) {
        return Arrays.stream(MAIL.greenMail().getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                                .anyMatch(address -> address.toString().equals(recipient));
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /** The text/plain part of the email (the whole body when it has no parts). */
    static String textOf(MimeMessage message) {
        return partOf(message, "text/plain");
    }

    /** The text/html part of the email, or null. */
    static String htmlOf(MimeMessage message) {
        return partOf(message, "text/html");
    }

    private static String partOf(jakarta.mail.Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
            if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    String found = partOf(multipart.getBodyPart(i), type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
