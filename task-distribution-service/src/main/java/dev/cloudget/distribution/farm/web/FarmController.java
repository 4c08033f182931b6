package dev.cloudget.distribution.farm.web;

import dev.cloudget.distribution.DistributionProperties;
import dev.cloudget.distribution.farm.Farm;
import dev.cloudget.distribution.farm.WorkerDrains;
import dev.cloudget.distribution.jobs.Assignment;
import dev.cloudget.distribution.jobs.JobQueue;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/admin/workers}: the farm, its load and its leases; {@code POST|DELETE
 * /api/v1/admin/workers/{id}/drain}: drain a worker, or let it take jobs again (through the gateway only, admin scope).
 */
@RestController
class FarmController {

    private final Farm farm;
    private final JobQueue jobs;
    private final WorkerDrains drains;
    private final DistributionProperties properties;
    private final Clock clock;

    FarmController(Farm farm, JobQueue jobs, WorkerDrains drains, DistributionProperties properties, Clock clock) {
        this.farm = farm;
        this.jobs = jobs;
        this.drains = drains;
        this.properties = properties;
        this.clock = clock;
    }

    /** Drains a worker: no new jobs, its running jobs handed back and placed elsewhere at once. */
    @PostMapping("/api/v1/admin/workers/{id}/drain")
    ResponseEntity<Void> drain(@PathVariable String id) {
        drains.drain(id);
        return ResponseEntity.accepted().build();
    }

    /** Lets a drained worker take jobs again. */
    @DeleteMapping("/api/v1/admin/workers/{id}/drain")
    ResponseEntity<Void> undrain(@PathVariable String id) {
        drains.undrain(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/admin/workers")
    FarmView workers() {
        Instant liveAfter = clock.instant().minus(properties.workerTimeout());
        Map<String, List<FarmView.LeaseView>> leases = jobs.assignments(Optional.empty()).stream()
                .collect(Collectors.groupingBy(Assignment::workerId, Collectors.mapping(FarmController::lease,
                        Collectors.toList())));
        List<FarmView.WorkerView> workers = farm.all().stream()
                .map(worker -> new FarmView.WorkerView(worker.id(), worker.address(),
                        worker.lastSeenAt().isAfter(liveAfter), worker.lastSeenAt(), worker.activeJobs(),
                        worker.capacity(), worker.cpuLoad(), worker.freeDiskBytes(), worker.bytesPerSecond(),
                        worker.engines(), leases.getOrDefault(worker.id(), List.of())))
                .toList();
        return new FarmView(jobs.waitingCount(), workers);
    }

    private static FarmView.LeaseView lease(Assignment assignment) {
        return new FarmView.LeaseView(assignment.job().toString(), assignment.sourceKey().value(),
                assignment.epoch().value(), assignment.assignedAt(), assignment.leaseUntil(),
                assignment.confirmedAt());
    }
}
