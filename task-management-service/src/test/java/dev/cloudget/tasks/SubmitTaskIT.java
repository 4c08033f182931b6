package dev.cloudget.tasks;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.contracts.web.Problems;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitTaskIT extends TaskManagementIntegrationTest {

    @Test
    void publishesJobRequestedForANewLink() {
        String link = newLink();

        Api.Reply reply = api.submit(newUser("alice"), api.body(link, null));

        assertThat(reply.status()).isEqualTo(201);
        String id = reply.text("id");
        assertThat(reply.location()).contains("/api/v1/tasks/" + id);
        assertThat(reply.text("status")).isEqualTo("QUEUED");
        assertThat(reply.text("source")).isEqualTo(link);
        assertThat(reply.text("sourceKey")).isEqualTo(link);
        assertThat(reply.body().get("validDays").asInt()).isEqualTo(7);
        assertThat(reply.body().get("files").isEmpty()).isTrue();
        assertThat(reply.body().get("failure").isNull()).isTrue();
        assertThat(reply.body().get("progress").get("bytesTotal").asLong()).isEqualTo(-1);
        assertThat(jobRequestedFor(link)).isNotNull();
    }

    @Test
    void concurrentSubmitsOfANewLinkMakeOneJob() throws Exception {
        String link = newLink();
        int submitters = 4;
        CyclicBarrier start = new CyclicBarrier(submitters);
        List<Callable<Api.Reply>> submits = new ArrayList<>();
        for (int i = 0; i < submitters; i++) {
            String user = newUser("racer" + i);
            submits.add(() -> {
                start.await();
                return api.submit(user, api.body(link, null));
            });
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(submitters)) {
            for (Future<Api.Reply> reply : pool.invokeAll(submits)) {
                statuses.add(reply.get().status());
            }
        }

        assertThat(statuses).containsOnly(201);
        assertThat(jdbc.sql("SELECT count(*) FROM jobs WHERE source_key = :key").param("key", link)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(DISTINCT job_id) FROM tasks WHERE source_key = :key").param("key", link)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jobRequestsFor(link)).isEqualTo(1);
    }

    @Test
    void aLinksMirrorsGoWithItsJobUnderTheLinksOwnKey() {
        String link = newLink();
        String mirror = newLink();
        String body = "{\"source\": \"" + link + "\", \"mirrors\": [\"" + mirror + "\", \"" + link + "\"]}";

        Api.Reply reply = api.submit(newUser("mira"), body);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.text("sourceKey")).isEqualTo(link);
        JobRequested requested = (JobRequested) probe.readUntil(Topics.JOB_REQUESTED, requestFor(link)).getLast().value();
        assertThat(((HttpSource) requested.source()).mirrors()).as("the link itself is not its own mirror")
                .containsExactly(URI.create(mirror));

        Api.Reply magnetMirror = api.submit(newUser("mira"), "{\"source\": \"" + newLink()
                + "\", \"mirrors\": [\"magnet:?xt=urn:btih:" + "a".repeat(40) + "\"]}");
        assertThat(magnetMirror.status()).isEqualTo(400);
        assertThat(magnetMirror.text("type")).endsWith("/invalid-link");
    }

    @Test
    void aMalformedMetalinkIsRefusedWithAProblemAndNoTask() {
        Api.Reply reply = api.submitMetalink(newUser("meta"), "<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">"
                + "<file name=\"../../etc/passwd\"><url>http://a.example/x</url></file></metalink>");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(reply.text("type")).endsWith("/metalink-malformed");
        assertThat(reply.text("detail")).contains("not allowed");
    }

    @Test
    void anotherUsersTaskIsNotFound() {
        String alice = newUser("alice");
        String bob = newUser("bob");
        String id = api.submit(alice, api.body(newLink(), null)).text("id");

        Api.Reply read = api.get(bob, "/api/v1/tasks/" + id);
        Api.Reply cancel = api.delete(bob, "/api/v1/tasks/" + id);
        Api.Reply bobsList = api.get(bob, "/api/v1/tasks");

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.contentType()).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(read.text("type")).isEqualTo(Problems.NOT_FOUND.toString());
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(bobsList.body().get("totalItems").asLong()).isZero();
        assertThat(api.get(alice, "/api/v1/tasks/" + id).text("status")).isEqualTo("QUEUED");
        Api.Reply zip = api.get(alice, "/api/v1/tasks/" + id + "/zip");
        assertThat(zip.status()).isEqualTo(409);
        assertThat(zip.text("type")).isEqualTo(Problems.TASK_NOT_COMPLETED.toString());
        assertThat(api.get(bob, "/api/v1/tasks/" + id + "/zip").status()).isEqualTo(404);
    }

    @Test
    void rejectsInvalidBodiesWithProblemJson() {
        String user = newUser("mallory");
        String link = newLink();

        assertProblem(api.submit(user, "{}"), 400, Problems.INVALID_REQUEST);
        assertProblem(api.submit(user, "{\"source\": \"   \"}"), 400, Problems.INVALID_REQUEST);
        assertProblem(api.submit(user, "{\"source\": \"" + link + "\", \"notify\": {\"email\": \"not-an-address\"}}"),
                400, Problems.INVALID_REQUEST);
        assertProblem(api.submit(user, "{\"source\": \"" + link + "\", \"validDays\": 0}"), 400, Problems.INVALID_REQUEST);
        assertProblem(api.submit(user, "{\"source\": \"" + link + "\", \"validDays\": 366}"), 400, Problems.INVALID_REQUEST);
        assertProblem(api.submit(user, "{\"source\": "), 400, Problems.MALFORMED_JSON);
        assertProblem(api.submit(user, "not json at all"), 400, Problems.MALFORMED_JSON);
        // protocol-conversion's verdict reaches the client with its own type
        assertProblem(api.submit(user, api.body("gopher://old.example/1", null)), 400, Problems.UNSUPPORTED_SCHEME);
        assertProblem(api.submit(user, api.body("no link here", null)), 400, Problems.INVALID_LINK);
        assertThat(api.get(user, "/api/v1/tasks").body().get("totalItems").asLong()).isZero();
    }

    @Test
    void replaysTheSameTaskForARepeatedIdempotencyKey() {
        String alice = newUser("alice");
        String link = newLink();
        String key = UUID.randomUUID().toString();

        Api.Reply first = api.submit(alice, api.body(link, "alice@example.test"), key);
        Api.Reply replay = api.submit(alice, api.body(link, "alice@example.test"), key);
        Api.Reply conflict = api.submit(alice, api.body(newLink(), null), key);
        Api.Reply otherUser = api.submit(newUser("bob"), api.body(link, "alice@example.test"), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertProblem(conflict, 422, Problems.IDEMPOTENCY_CONFLICT);
        assertThat(otherUser.status()).isEqualTo(201);
        assertThat(otherUser.text("id")).isNotEqualTo(first.text("id"));
        assertThat(api.get(alice, "/api/v1/tasks").body().get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void listsOnlyTheCallersTasksNewestFirstInPages() {
        String carol = newUser("carol");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.submit(carol, api.body(newLink(), null)).text("id"));
        }
        api.submit(newUser("dave"), api.body(newLink(), null));

        Api.Reply firstPage = api.get(carol, "/api/v1/tasks?page=0&size=2");
        Api.Reply secondPage = api.get(carol, "/api/v1/tasks?page=1&size=2");
        Api.Reply completed = api.get(carol, "/api/v1/tasks?status=COMPLETED");

        assertThat(firstPage.status()).isEqualTo(200);
        assertThat(firstPage.body().get("totalItems").asLong()).isEqualTo(3);
        assertThat(firstPage.body().get("page").asInt()).isZero();
        assertThat(firstPage.body().get("size").asInt()).isEqualTo(2);
        assertThat(firstPage.body().get("items").valueStream().map(item -> item.get("id").asString()))
                .containsExactly(ids.get(2), ids.get(1));
        assertThat(secondPage.body().get("items").valueStream().map(item -> item.get("id").asString()))
                .containsExactly(ids.get(0));
        assertThat(completed.body().get("totalItems").asLong()).isZero();
        assertProblem(api.get(carol, "/api/v1/tasks?size=1000"), 400, Problems.INVALID_REQUEST);
        assertProblem(api.get(carol, "/api/v1/tasks?status=NOPE"), 400, Problems.INVALID_REQUEST);
    }

    @Test
    void refusesCallsThatDidNotComeThroughTheGateway() {
        Api.Reply reply = api.anonymous("/api/v1/tasks");

        assertProblem(reply, 401, Problems.UNAUTHENTICATED);
    }

    @Test
    void countsSubmissionsAndActiveJobs() {
        api.submit(newUser("olivia"), api.body(newLink(), null));

        Api.Reply submitted = api.anonymous("/actuator/metrics/cloudget.tasks.submitted");
        Api.Reply active = api.anonymous("/actuator/metrics/cloudget.jobs.active");

        assertThat(submitted.status()).isEqualTo(200);
        assertThat(submitted.body().get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.body().get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
    }

    private static void assertProblem(Api.Reply reply, int status, java.net.URI type) {
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        assertThat(reply.text("type")).isEqualTo(type.toString());
    }
}
