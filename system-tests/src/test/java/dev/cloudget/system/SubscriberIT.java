package dev.cloudget.system;

import dev.cloudget.infra.Receivers;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The subscriber's side, end to end: the completion email (text and HTML), the SMS at the provider and the signed
 * webhook arrive exactly once each, though the completion is delivered twice and task-management is killed between
 * completing the task and sending; a failing receiver is retried and the task shows the attempts. A valid period
 * passes (a "day" of 20 seconds, set through configuration): the object is gone, the task EXPIRED, its address 410,
 * the expiry mail sent once, and a new submit fetches again; a period extended before its end keeps the file.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubscriberIT {

    private static final String TASK_MANAGEMENT = "task-management-service";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String COMPLETED_TOPIC = "cloudget.distribution.job-completed";

    private static CloudgetSystem system;

    @BeforeAll
    static void startSystem() throws Exception {
        system = CloudgetSystem.get();
    }

    /** Whether task-management runs with settings of this class's own (a test that failed left it so). */
    private static boolean tuned;

    @AfterAll
    static void taskManagementAsTheSystemStartedIt() throws Exception {
        if (tuned) {
            system.restart(TASK_MANAGEMENT, Map.of());
        }
    }

    private static void restartTaskManagement(Map<String, String> settings) throws Exception {
        tuned = !settings.isEmpty();
        system.restart(TASK_MANAGEMENT, settings);
    }

    @Test
    @Order(2)
    void everyChannelHearsOnceThoughTheCompletionArrivesTwiceAndTaskManagementDiesBeforeSending() throws Exception {
        // this task-management queues its messages but does not look for them for an hour: it dies first
        restartTaskManagement(Map.of("CLOUDGET_NOTIFICATIONS_POLL_INTERVAL", "PT1H"));
        String user = "subscriber-" + UUID.randomUUID();
        Api api = new Api(system.gateway(), user);
        String mail = user + "@example.test";
        String phone = "+1415555" + String.format("%04d", Math.floorMod(user.hashCode(), 10_000));
        String hook = "/hooks/" + UUID.randomUUID();
        system.receivers().failNext(hook, 1);
        Origin.ServedFile file = system.origin().serve("notified-" + UUID.randomUUID() + ".bin", 2L * 1024 * 1024, 9);

        Api.Reply submitted = api.submit(Map.of("source", system.origin().url("/files/" + file.path().getFileName()),
                "notify", Map.of("email", mail, "phone", phone, "events", List.of("completed", "failed")),
                "callbackUrl", system.receivers().url(hook)));
        assertThat(submitted.status()).isEqualTo(201);
        String task = submitted.body().path("id").asString();
        JsonNode done = api.awaitTerminal(task, PATIENCE);
        assertThat(done.path("status").asString()).isEqualTo("COMPLETED");
        redeliverCompletionOf(file.sha256());
        assertThat(system.receivers().to(hook)).as("nothing sent before the kill").isEmpty();

        restartTaskManagement(Map.of());

        JsonNode shown = await("every message sent").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                .until(() -> api.task(task).body(), body -> body.path("notifications").size() == 3
                        && body.path("notifications").valueStream()
                        .allMatch(n -> n.path("status").asString().equals("SENT")));
        assertThat(shown.path("notifications").valueStream().map(n -> n.path("channel").asString() + "/"
                + n.path("event").asString() + "/" + n.path("attempts").asInt()))
                .containsExactlyInAnyOrder("email/completed/1", "sms/completed/1", "webhook/completed/2");

        String entryUrl = done.path("files").get(0).path("entryUrl").asString();
        List<MimeMessage> mails = mailTo(mail);
        assertThat(mails).hasSize(1);
        assertThat(partOf(mails.getFirst(), "text/plain")).contains(entryUrl, file.path().getFileName().toString());
        assertThat(partOf(mails.getFirst(), "text/html")).contains(entryUrl.replace("&", "&amp;"), "<a href=");

        List<Receivers.Received> sms = system.receivers().to("/sms").stream()
                .filter(request -> Api.JSON.readTree(request.body()).path("to").asString().equals(phone)).toList();
        assertThat(sms).hasSize(1);
        assertThat(Api.JSON.readTree(sms.getFirst().body()).path("text").asString()).endsWith(entryUrl);

        List<Receivers.Received> webhooks = system.receivers().to(hook);
        assertThat(webhooks).as("one refused with 503, then delivered").hasSize(2);
        assertThat(webhooks.get(0).header("Cloudget-Delivery")).isEqualTo(webhooks.get(1).header("Cloudget-Delivery"));
        String secret = api.get("/api/v1/me/notifications").body().path("webhookSecret").asString();
        Receivers.Received delivered = webhooks.get(1);
        assertThat(signatureHolds(secret, delivered.header("Cloudget-Signature"), delivered.body())).isTrue();
        assertThat(signatureHolds("whsec_someone-else", delivered.header("Cloudget-Signature"), delivered.body()))
                .isFalse();
        JsonNode payload = Api.JSON.readTree(delivered.body());
        assertThat(payload.path("event").asString()).isEqualTo("task.completed");
        assertThat(payload.path("task").path("files").get(0).path("entryUrl").asString()).isEqualTo(entryUrl);

        JsonNode stats = await("the task counted by statistics").atMost(PATIENCE)
                .until(() -> api.get("/api/v1/stats/summary").body(),
                        body -> body.path("tasks").path("completed").asLong() == 1);
        assertThat(stats.path("tasks").path("bytes").asLong()).isEqualTo(file.size());
    }

    @Test
    @Order(1)
    void aValidPeriodPassesTheFileGoesTheAddressAnswersGoneAndAnExtendedOneStays() throws Exception {
        restartTaskManagement(Map.of("CLOUDGET_VALID_DAY", "PT20S", "CLOUDGET_EXPIRY_INTERVAL", "PT1S"));
        String user = "short-lived-" + UUID.randomUUID();
        Api api = new Api(system.gateway(), user);
        String mail = user + "@example.test";
        Origin.ServedFile brief = system.origin().serve("brief-" + UUID.randomUUID() + ".bin", 1024 * 1024, 21);
        Origin.ServedFile kept = system.origin().serve("kept-" + UUID.randomUUID() + ".bin", 1024 * 1024, 22);
        String briefUrl = system.origin().url("/files/" + brief.path().getFileName()).toString();

        String briefTask = api.submit(Map.of("source", briefUrl, "validDays", 1,
                "notify", Map.of("email", mail, "events", List.of("expired")))).body().path("id").asString();
        String keptTask = api.submit(Map.of("source", system.origin().url("/files/" + kept.path().getFileName())
                .toString(), "validDays", 1)).body().path("id").asString();
        JsonNode briefDone = api.awaitTerminal(briefTask, PATIENCE);
        JsonNode keptDone = api.awaitTerminal(keptTask, PATIENCE);
        assertThat(briefDone.path("status").asString()).isEqualTo("COMPLETED");
        Api.Reply extended = api.send(api.request("/api/v1/tasks/" + keptTask)
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"validDays\":30}")).build());
        assertThat(extended.status()).isEqualTo(200);
        assertThat(Instant.parse(extended.body().path("validUntil").asString()))
                .isEqualTo(Instant.parse(keptDone.path("completedAt").asString()).plus(Duration.ofSeconds(600)));
        String briefEntry = briefDone.path("files").get(0).path("entryUrl").asString();

        await("the brief task expired").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> api.task(briefTask).body().path("status").asString().equals("EXPIRED"));
        await("storage removed its content").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> !system.contentStored(brief.sha256()));
        HttpResponse<java.io.InputStream> gone = api.download(briefEntry, Map.of(), "GET");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        gone.body().close();
        await("the expiry mail").atMost(PATIENCE).until(() -> mailTo(mail).size() == 1);
        assertThat(mailTo(mail).getFirst().getSubject()).startsWith("cloudget: expired");

        JsonNode keptNow = api.task(keptTask).body();
        assertThat(keptNow.path("status").asString()).isEqualTo("COMPLETED");
        HttpResponse<java.io.InputStream> stillThere = api.download(
                keptNow.path("files").get(0).path("entryUrl").asString(), Map.of(), "GET");
        assertThat(stillThere.statusCode()).isEqualTo(200);
        assertThat(Api.sha256Of(stillThere.body())).isEqualTo(kept.sha256());

        int fetchedBefore = system.origin().downloadsOf("/files/" + brief.path().getFileName());
        Api later = new Api(system.gateway(), "later-" + UUID.randomUUID());
        Api.Reply again = later.submit(Map.of("source", briefUrl));
        JsonNode fetchedAgain = later.awaitTerminal(again.body().path("id").asString(), PATIENCE);
        assertThat(fetchedAgain.path("status").asString()).isEqualTo("COMPLETED");
        assertThat(system.origin().downloadsOf("/files/" + brief.path().getFileName())).isEqualTo(fetchedBefore + 1);
        assertThat(mailTo(mail)).as("told once").hasSize(1);
    }

    /**
     * Delivers the completion of the job that stored {@code sha256} a second time, byte for byte with its headers, and
     * waits until task-management's consumer has gone past it.
     */
    private static void redeliverCompletionOf(String sha256) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "subscriber-it-" + UUID.randomUUID());
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ConsumerRecord<byte[], byte[]> original = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(COMPLETED_TOPIC));
            Instant deadline = Instant.now().plusSeconds(30);
            while (original == null && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (new String(record.value(), StandardCharsets.UTF_8).contains(sha256)) {
                        original = record;
                    }
                }
            }
        }
        assertThat(original).as("the completion on " + COMPLETED_TOPIC).isNotNull();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers());
        RecordMetadata sent;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            sent = producer.send(new ProducerRecord<>(COMPLETED_TOPIC, null, original.key(), original.value(),
                    original.headers())).get();
        }
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.kafkaBootstrapServers()))) {
            await("task-management consumed the repeat").atMost(PATIENCE).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        OffsetAndMetadata committed = admin.listConsumerGroupOffsets("task-management")
                                .partitionsToOffsetAndMetadata().get().get(partition);
                        return committed != null && committed.offset() > sent.offset();
                    });
        }
    }

    /** What a webhook receiver does: HMAC-SHA256 of "t.body" with its secret, compared with v1; t recent. */
    private static boolean signatureHolds(String secret, String header, String body) throws Exception {
        Map<String, String> parts = new java.util.HashMap<>();
        for (String part : header.split(",")) {
            String[] pair = part.split("=", 2);
            parts.put(pair[0], pair[1]);
        }
        long t = Long.parseLong(parts.get("t"));
        if (Math.abs(Instant.now().getEpochSecond() - t) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, parts.get("v1").getBytes(StandardCharsets.US_ASCII));
    }

    private static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(system.mail().greenMail().getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().equals(address));
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }

    private static String partOf(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return part.getContent().toString();
        }
        if (part.getContent() instanceof Multipart multipart) {
            List<String> found = new ArrayList<>();
            for (int i = 0; i < multipart.getCount(); i++) {
                String inner = partOf(multipart.getBodyPart(i), type);
                if (inner != null) {
                    found.add(inner);
                }
            }
            return found.isEmpty() ? null : found.getFirst();
        }
        return null;
    }
}
