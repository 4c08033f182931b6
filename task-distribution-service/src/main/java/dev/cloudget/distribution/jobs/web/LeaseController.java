package dev.cloudget.distribution.jobs.web;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.worker.CurrentLease;
import dev.cloudget.distribution.jobs.JobQueue;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * {@code GET /internal/jobs/{job}/lease}: the job's current lease, for the services that own what workers write for a
 * job (storage-service, registering content) to refuse a write under a lease the worker lost. 404 for a job never seen.
 */
@RestController
class LeaseController {

    private final JobQueue jobs;

    LeaseController(JobQueue jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/internal/jobs/{job}/lease")
    ResponseEntity<CurrentLease> lease(@PathVariable UUID job) {
        return ResponseEntity.of(jobs.currentLease(new JobId(job)));
    }
}
