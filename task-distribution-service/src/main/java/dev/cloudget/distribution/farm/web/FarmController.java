package dev.cloudget.distribution.farm.web;

import dev.cloudget.distribution.DistributionProperties;
import dev.cloudget.distribution.farm.Farm;
import dev.cloudget.distribution.jobs.Assignment;
import dev.cloudget.distribution.jobs.JobQueue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code GET /api/v1/admin/workers}: the farm, its load and its leases (through the gateway only). */
@RestController
class FarmController {

    private final Farm farm;
    private final JobQueue jobs;
    private final DistributionProperties properties;
    private final Clock clock;

    FarmController(Farm farm, JobQueue jobs, DistributionProperties properties, Clock clock) {
        this.farm = farm;
        this.jobs = jobs;
        this.properties = properties;
        this.clock = clock;
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
                        worker.capacity(), worker.cpuLoad(), worker.freeDiskBytes(),
                        leases.getOrDefault(worker.id(), List.of())))
                .toList();
        return new FarmView(jobs.waitingCount(), workers);
    }

    private static FarmView.LeaseView lease(Assignment assignment) {
        return new FarmView.LeaseView(assignment.job().toString(), assignment.sourceKey().value(),
                assignment.epoch().value(), assignment.assignedAt(), assignment.leaseUntil(),
                assignment.confirmedAt());
    }
}
