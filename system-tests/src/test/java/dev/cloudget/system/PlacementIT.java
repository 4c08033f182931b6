package dev.cloudget.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three workers of different capacity (the system's own with 4, two more with 2 and 1) and two owners: one asks for
 * 200 downloads, then another for one, while every worker is drained (so all of them wait); then the workers take
 * jobs again. Watched from the farm view every 20 ms: no worker ever holds more leases than its capacity, the single
 * job of the second owner is placed in the first round (owners take turns), and all 201 complete.
 */
class PlacementIT {

    private static final int JOBS = 200;
    private static final Map<String, Integer> CAPACITY = Map.of("worker-system-test", 4, "placement-two", 2,
            "placement-one", 1);

    private static CloudgetSystem system;
    private static Api ops;

    @BeforeAll
    static void startTwoMoreWorkers() throws Exception {
        system = CloudgetSystem.get();
        ops = Api.operator(system.gateway(), "ops");
        system.startWorker("placement-two", 0, Map.of("WORKER_CAPACITY", "2"));
        system.startWorker("placement-one", 0, Map.of("WORKER_CAPACITY", "1"));
        await("three workers in the farm").atMost(Duration.ofSeconds(30)).until(() -> live().containsAll(
                CAPACITY.keySet()));
    }

    @AfterAll
    static void stopThem() {
        CAPACITY.keySet().forEach(worker -> ops.delete("/api/v1/admin/workers/" + worker + "/drain"));
        system.service("placement-two").terminate(Duration.ofSeconds(20));
        system.service("placement-one").terminate(Duration.ofSeconds(20));
    }

    @Test
    void noWorkerExceedsItsCapacityAndTheOwnerWithOneJobIsPlacedInTheFirstRound() throws Exception {
        // owners of their own: the counts below are of every task the owner has, so no other test may share them
        Api many = new Api(system.gateway(), "placement-many");
        Api one = new Api(system.gateway(), "placement-single");
        for (String worker : CAPACITY.keySet()) {
            assertThat(ops.post("/api/v1/admin/workers/" + worker + "/drain").status()).isEqualTo(202);
        }
        await("every worker drained").atMost(Duration.ofSeconds(10)).until(() -> farm().stream()
                .filter(worker -> CAPACITY.containsKey(worker.path("id").asString()))
                .allMatch(worker -> worker.path("capacity").asInt() == 0));
        for (int i = 0; i < JOBS; i++) {
            system.origin().serve("fair-" + i + ".bin", 1 << 20, 1000 + i);
            assertThat(many.submit(Map.of("source", system.origin().url("/slow/files/fair-" + i + ".bin"))).status())
                    .isEqualTo(201);
        }
        system.origin().serve("fair-single.bin", 1 << 20, 999);
        assertThat(one.submit(Map.of("source", system.origin().url("/slow/files/fair-single.bin"))).status())
                .isEqualTo(201);

        // watched from now on: the jobs in the order the farm view first showed them, and each worker's most leases
        List<String> placed = new ArrayList<>();
        Map<String, Integer> most = new ConcurrentHashMap<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                for (JsonNode worker : farm()) {
                    String id = worker.path("id").asString();
                    most.merge(id, worker.path("jobs").size(), Math::max);
                    for (JsonNode lease : worker.path("jobs")) {
                        String key = lease.path("sourceKey").asString();
                        synchronized (placed) {
                            if (!placed.contains(key)) {
                                placed.add(key);
                            }
                        }
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        });
        for (String worker : CAPACITY.keySet()) {
            assertThat(ops.delete("/api/v1/admin/workers/" + worker + "/drain").status()).isEqualTo(204);
        }
        await("all 201 downloads completed").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> completed(many) == JOBS && completed(one) == 1);
        watching.set(false);
        watcher.join();

        int firstRound = CAPACITY.values().stream().mapToInt(Integer::intValue).sum();
        int single;
        synchronized (placed) {
            single = placed.indexOf(placed.stream().filter(key -> key.endsWith("/fair-single.bin")).findFirst()
                    .orElseThrow());
        }
        assertThat(single).as("the single job among the first %d placed: %s", firstRound, placed)
                .isLessThan(firstRound);
        CAPACITY.forEach((worker, capacity) -> assertThat(most.getOrDefault(worker, 0))
                .as("most leases %s held at once", worker).isBetween(1, capacity));
        Map<String, Integer> shown = new LinkedHashMap<>(most);
        System.out.printf("[placement] 201 jobs on workers of capacity %s: most leases held at once %s; the single "
                + "job placed %d of %d%n", CAPACITY, shown, single + 1, placed.size());
    }

    private static long completed(Api owner) {
        return owner.tasks("?status=COMPLETED&size=1").body().path("totalItems").asLong();
    }

    private static List<JsonNode> farm() {
        List<JsonNode> workers = new ArrayList<>();
        ops.get("/api/v1/admin/workers").body().path("workers").forEach(workers::add);
        return workers;
    }

    private static List<String> live() {
        return farm().stream().filter(worker -> worker.path("live").asBoolean())
                .map(worker -> worker.path("id").asString()).toList();
    }
}
