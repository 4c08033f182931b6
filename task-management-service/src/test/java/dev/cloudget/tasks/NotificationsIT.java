package dev.cloudget.tasks;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.storage.ContentRemoved;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.infra.Receivers;
import dev.cloudget.tasks.notify.WebhookSignature;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Email, SMS and webhooks: each sent once per task, event and channel; retried; visible on the task. Expiry. */
class NotificationsIT extends TaskManagementIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static StoredFile file(String path, long size) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(UUID.randomUUID().toString().getBytes());
            return new StoredFile(path, size, ContentHash.ofDigest(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A submit body naming every channel, for the events given. */
    private String everyChannel(String link, String user, String hook, List<String> events) {
        return json.writeValueAsString(Map.of("source", link, "callbackUrl", RECEIVERS.url(hook),
                "notify", Map.of("email", user + "@example.test", "phone", "+1415555" + (1000 + Math.abs(user.hashCode() % 9000)),
                        "events", events)));
    }

    private JobId completeJob(String link, List<StoredFile> files) {
        JobId job = jobRequestedFor(link);
        kafka.send(Topics.JOB_COMPLETED, job.toString(), new JobCompleted(job, "worker-n", files, Instant.now()));
        return job;
    }

    @Test
    void tellsEveryChannelOnceWhenATaskCompletesEvenWhenTheCompletionArrivesTwice() throws Exception {
        String user = newUser("subscriber");
        String link = newLink();
        String hook = "/hooks/" + UUID.randomUUID();
        String task = api.submit(user, everyChannel(link, user, hook, List.of("completed", "failed"))).text("id");
        JobId job = jobRequestedFor(link);
        List<StoredFile> files = List.of(file("movie.mkv", 7_000));
        JobCompleted completed = new JobCompleted(job, "worker-1", files, Instant.now());

        kafka.send(Topics.JOB_COMPLETED, job.toString(), completed);
        kafka.send(Topics.JOB_COMPLETED, job.toString(), completed);
        JsonNode done = awaitStatus(user, task, "COMPLETED");
        // a marker task completed after the repeat: its webhook arrives once the repeat was processed
        String markerUser = newUser("marker");
        String markerLink = newLink();
        String markerHook = "/hooks/" + UUID.randomUUID();
        api.submit(markerUser, everyChannel(markerLink, markerUser, markerHook, List.of("completed")));
        completeJob(markerLink, List.of(file("m.bin", 1)));
        await().atMost(PATIENCE).until(() -> RECEIVERS.to(markerHook).size() == 1
                && mailTo(user + "@example.test").size() == 1 && RECEIVERS.to(hook).size() == 1
                && smsTo(done.get("notify").get("phone").asString()).size() == 1);
        JsonNode shown = awaitNotifications(user, task, 3);

        String entryUrl = done.get("files").get(0).get("entryUrl").asString();
        MimeMessage mail = mailTo(user + "@example.test").getFirst();
        assertThat(textOf(mail)).contains("movie.mkv", entryUrl);
        assertThat(htmlOf(mail)).contains("<a href=\"" + entryUrl.replace("&", "&amp;") + "\">movie.mkv</a>");
        assertThat(mail.getHeader("X-Cloudget-Notification")[0]).isEqualTo(task + ":completed:email");

        Receivers.Received sms = smsTo(done.get("notify").get("phone").asString()).getFirst();
        JsonNode smsBody = json.readTree(sms.body());
        assertThat(smsBody.get("text").asString()).startsWith("cloudget: ready - movie.mkv").endsWith(entryUrl);
        assertThat(smsBody.get("reference").asString()).isEqualTo(task + ":completed:sms");

        Receivers.Received webhook = RECEIVERS.to(hook).getFirst();
        String secret = api.get(user, "/api/v1/me/notifications").text("webhookSecret");
        assertThat(WebhookSignature.verifies(secret, webhook.header("Cloudget-Signature"), webhook.body(),
                Instant.now(), Duration.ofMinutes(5))).isTrue();
        assertThat(webhook.header("Cloudget-Event")).isEqualTo("task.completed");
        assertThat(webhook.header("Cloudget-Delivery")).isEqualTo(task + ":completed:webhook");
        JsonNode payload = json.readTree(webhook.body());
        assertThat(payload.get("event").asString()).isEqualTo("task.completed");
        assertThat(payload.get("task").get("id").asString()).isEqualTo(task);
        assertThat(payload.get("task").get("files").get(0).get("entryUrl").asString()).isEqualTo(entryUrl);

        assertThat(shown.get("notifications").valueStream()
                .map(n -> n.get("channel").asString() + "/" + n.get("event").asString() + "/" + n.get("status").asString()
                        + "/" + n.get("attempts").asInt()))
                .containsExactlyInAnyOrder("email/completed/SENT/1", "sms/completed/SENT/1", "webhook/completed/SENT/1");
    }

    @Test
    void aFailedTasksWebhookCarriesTheTaskAsFailedWithTheReason() {
        String user = newUser("unlucky");
        String link = newLink();
        String hook = "/hooks/" + UUID.randomUUID();
        String task = api.submit(user, json.writeValueAsString(Map.of("source", link,
                "callbackUrl", RECEIVERS.url(hook)))).text("id");
        JobId job = jobRequestedFor(link);

        kafka.send(Topics.JOB_FAILED, job.toString(), new JobFailed(job, "worker-1", FailureType.ORIGIN_HTTP_STATUS,
                "HTTP 404 from origin", Instant.now()));

        await().atMost(PATIENCE).until(() -> RECEIVERS.to(hook).size() == 1);
        Receivers.Received webhook = RECEIVERS.to(hook).getFirst();
        JsonNode payload = json.readTree(webhook.body());
        assertThat(webhook.header("Cloudget-Event")).isEqualTo("task.failed");
        assertThat(payload.get("task").get("id").asString()).isEqualTo(task);
        assertThat(payload.get("task").get("status").asString()).isEqualTo("FAILED");
        assertThat(payload.get("task").get("failure").get("type").asString()).isEqualTo("origin-http-status");
    }

    @Test
    void retriesAFailingReceiverAndShowsTheAttemptsOnTheTask() {
        String user = newUser("patient");
        String link = newLink();
        String hook = "/hooks/" + UUID.randomUUID();
        RECEIVERS.failNext(hook, 1);
        String task = api.submit(user, json.writeValueAsString(Map.of("source", link,
                "callbackUrl", RECEIVERS.url(hook)))).text("id");

        completeJob(link, List.of(file("a.bin", 10)));

        JsonNode failedOnce = await().atMost(PATIENCE).until(() -> api.get(user, "/api/v1/tasks/" + task).body(),
                body -> body.get("notifications").size() == 1
                        && body.get("notifications").get(0).get("attempts").asInt() == 1);
        assertThat(failedOnce.get("notifications").get(0).get("status").asString()).isEqualTo("PENDING");
        assertThat(failedOnce.get("notifications").get(0).get("lastError").asString()).isEqualTo("webhook answered 503");
        JsonNode sent = await().atMost(PATIENCE).until(() -> api.get(user, "/api/v1/tasks/" + task).body(),
                body -> "SENT".equals(body.get("notifications").get(0).get("status").asString()));
        assertThat(sent.get("notifications").get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(RECEIVERS.to(hook)).hasSize(2);
        assertThat(RECEIVERS.to(hook).get(0).header("Cloudget-Delivery"))
                .isEqualTo(RECEIVERS.to(hook).get(1).header("Cloudget-Delivery"));
    }

    @Test
    void refusesAWebhookToAPrivateAddressAndAPhoneNotInE164() {
        String user = newUser("careless");

        Api.Reply privateHook = api.submit(user, json.writeValueAsString(Map.of("source", newLink(),
                "callbackUrl", "http://10.1.2.3/hook")));
        Api.Reply notAUrl = api.submit(user, json.writeValueAsString(Map.of("source", newLink(),
                "callbackUrl", "ftp://example.com/hook")));
        Api.Reply badPhone = api.submit(user, json.writeValueAsString(Map.of("source", newLink(),
                "notify", Map.of("phone", "0049 170 1234567"))));
        Api.Reply badEvent = api.submit(user, json.writeValueAsString(Map.of("source", newLink(),
                "notify", Map.of("email", "a@example.test", "events", List.of("sometimes")))));

        assertThat(privateHook.status()).isEqualTo(400);
        assertThat(privateHook.text("type")).endsWith("/blocked-address");
        assertThat(privateHook.contentType()).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
        assertThat(notAUrl.status()).isEqualTo(400);
        assertThat(badPhone.status()).isEqualTo(400);
        assertThat(badPhone.text("detail")).contains("E.164");
        assertThat(badEvent.status()).isEqualTo(400);
        assertThat(badEvent.text("detail")).contains("sometimes");
    }

    @Test
    void aNewTaskThatSaysNothingOfNotificationsTakesTheUsersDefaults() {
        String user = newUser("defaults");
        Api.Reply saved = api.put(user, "/api/v1/me/notifications", Map.of("email", user + "@example.test",
                "events", List.of("completed", "expired")));
        Api.Reply invalid = api.put(user, "/api/v1/me/notifications", Map.of("email", "not an address"));

        Api.Reply task = api.submit(user, api.body(newLink(), null));
        Api.Reply own = api.submit(user, api.body(newLink(), "other@example.test"));

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.text("webhookSecret")).startsWith("whsec_");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(task.body().get("notify").get("email").asString()).isEqualTo(user + "@example.test");
        assertThat(task.body().get("notify").get("events").valueStream().map(JsonNode::asString))
                .containsExactly("completed", "expired");
        assertThat(own.body().get("notify").get("email").asString()).isEqualTo("other@example.test");
        assertThat(api.get(newUser("stranger"), "/api/v1/me/notifications").body().get("email").isNull()).isTrue();
    }

    @Test
    void storageRemovingTheContentExpiresTheTaskTellsTheSubscriberOnceAndASubmitFetchesAgain() throws Exception {
        String user = newUser("expiring");
        String mail = user + "@example.test";
        String link = newLink();
        StoredFile stored = file("old.iso", 300);
        String task = api.submit(user, json.writeValueAsString(Map.of("source", link,
                "notify", Map.of("email", mail, "events", List.of("expired"))))).text("id");
        completeJob(link, List.of(stored));
        awaitStatus(user, task, "COMPLETED");

        ContentRemoved removed = new ContentRemoved(stored.sha256(), 300, ContentRemoved.EXPIRED, Instant.now());
        kafka.send(Topics.CONTENT_REMOVED, stored.sha256().hex(), removed);
        kafka.send(Topics.CONTENT_REMOVED, stored.sha256().hex(), removed);

        awaitStatus(user, task, "EXPIRED");
        await().atMost(PATIENCE).until(() -> mailTo(mail).size() == 1);
        assertThat(mailTo(mail).getFirst().getSubject()).startsWith("cloudget: expired");
        Api.Reply again = api.submit(newUser("later"), api.body(link, null));
        assertThat(again.text("status")).isIn("QUEUED", "DOWNLOADING");
        assertThat(jobRequestsFor(link)).isEqualTo(2);
        assertThat(mailTo(mail)).hasSize(1);
    }

    @Test
    void aTaskPastItsValidPeriodExpiresAndOneNearItsEndIsWarnedOnce() throws Exception {
        String user = newUser("warned");
        String mail = user + "@example.test";
        String link = newLink();
        String task = api.submit(user, json.writeValueAsString(Map.of("source", link,
                "notify", Map.of("email", mail, "events", List.of("expiring", "expired"))))).text("id");
        completeJob(link, List.of(file("soon.bin", 30)));
        awaitStatus(user, task, "COMPLETED");

        // its valid period ends within the warning time (a day by default) but is not half over: no warning yet
        jdbc.sql("UPDATE tasks SET valid_until = now() + interval '1 hour' WHERE id = :id")
                .param("id", UUID.fromString(task)).update();
        String marker = newUser("marker");
        String markerTask = api.submit(marker, json.writeValueAsString(Map.of("source", newLink(),
                "notify", Map.of("email", marker + "@example.test", "events", List.of("expiring"))))).text("id");
        completeJob(jdbc.sql("SELECT source FROM tasks WHERE id = :id").param("id", UUID.fromString(markerTask))
                .query(String.class).single(), List.of(file("marker.bin", 1)));
        awaitStatus(marker, markerTask, "COMPLETED");
        jdbc.sql("UPDATE tasks SET completed_at = now() - interval '2 hours', valid_until = now() + interval '1 hour' "
                + "WHERE id = :id").param("id", UUID.fromString(markerTask)).update();
        await().atMost(PATIENCE).until(() -> mailTo(marker + "@example.test").size() == 1);
        assertThat(mailTo(mail)).as("a period not half over is not warned yet").isEmpty();

        // now most of it is over
        jdbc.sql("UPDATE tasks SET completed_at = now() - interval '2 days' WHERE id = :id")
                .param("id", UUID.fromString(task)).update();
        await().atMost(PATIENCE).until(() -> mailTo(mail).size() == 1);
        assertThat(mailTo(mail).getFirst().getSubject()).startsWith("cloudget: expiring");

        jdbc.sql("UPDATE tasks SET valid_until = now() - interval '1 second' WHERE id = :id")
                .param("id", UUID.fromString(task)).update();
        awaitStatus(user, task, "EXPIRED");
        await().atMost(PATIENCE).until(() -> mailTo(mail).size() == 2);
        assertThat(mailTo(mail).get(1).getSubject()).startsWith("cloudget: expired");
    }

    @Test
    void extendsACompletedTasksValidPeriodWithItsStoredFiles() {
        String user = newUser("extender");
        String link = newLink();
        String task = api.submit(user, json.writeValueAsString(Map.of("source", link, "validDays", 1))).text("id");
        completeJob(link, List.of(file("keep.bin", 40)));
        JsonNode done = awaitStatus(user, task, "COMPLETED");
        Instant completedAt = Instant.parse(done.get("completedAt").asString());

        Api.Reply extended = api.patch(user, "/api/v1/tasks/" + task, Map.of("validDays", 30));
        Api.Reply shorter = api.patch(user, "/api/v1/tasks/" + task, Map.of("validDays", 2));
        Api.Reply tooLong = api.patch(user, "/api/v1/tasks/" + task, Map.of("validDays", 366));
        Api.Reply someoneElses = api.patch(newUser("mallory"), "/api/v1/tasks/" + task, Map.of("validDays", 40));

        assertThat(extended.status()).isEqualTo(200);
        Instant until = Instant.parse(extended.body().get("validUntil").asString());
        assertThat(until).isEqualTo(completedAt.plus(Duration.ofDays(30)));
        assertThat(extended.body().get("validDays").asInt()).isEqualTo(30);
        assertThat(Instant.parse(extended.body().get("files").get(0).get("validUntil").asString())).isEqualTo(until);
        assertThat(extended.body().get("files").get(0).get("entryUrl").asString())
                .contains("expires=" + until.getEpochSecond());
        assertThat(SERVICES.extensions).anyMatch(extension -> extension.validUntil().equals(until)
                && extension.entries().equals(List.of(UUID.fromString(done.get("files").get(0).get("id").asString()))));
        assertThat(shorter.status()).isEqualTo(400);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(someoneElses.status()).isEqualTo(404);
    }

    @Test
    void refusesToExtendATaskThatIsNotCompletedOrWhoseFilesAreGone() {
        String user = newUser("late");
        String waiting = api.submit(user, api.body(newLink(), null)).text("id");
        String link = newLink();
        StoredFile stored = file("gone.bin", 50);
        String task = api.submit(user, api.body(link, null)).text("id");
        completeJob(link, List.of(stored));
        awaitStatus(user, task, "COMPLETED");
        SERVICES.goneContent.add(stored.sha256());

        Api.Reply notDone = api.patch(user, "/api/v1/tasks/" + waiting, Map.of("validDays", 9));
        Api.Reply gone = api.patch(user, "/api/v1/tasks/" + task, Map.of("validDays", 9));
        Api.Reply noBody = api.patch(user, "/api/v1/tasks/" + task, Map.of());

        assertThat(notDone.status()).isEqualTo(409);
        assertThat(notDone.text("type")).endsWith("/task-not-completed");
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.text("type")).endsWith("/content-expired");
        assertThat(api.get(user, "/api/v1/tasks/" + task).text("status")).isEqualTo("EXPIRED");
        assertThat(noBody.status()).isEqualTo(400);
    }

    private List<Receivers.Received> smsTo(String phone) {
        return RECEIVERS.to("/sms").stream().filter(sms -> json.readTree(sms.body()).get("to").asString().equals(phone))
                .toList();
    }

    private JsonNode awaitNotifications(String user, String task, int sent) {
        return await().atMost(PATIENCE).until(() -> api.get(user, "/api/v1/tasks/" + task).body(),
                body -> body.get("notifications").valueStream().filter(n -> "SENT".equals(n.get("status").asString()))
                        .count() == sent);
    }
}
