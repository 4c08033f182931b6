package dev.cloudget.worker.jobs.web;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.contracts.worker.EngineNeeds;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.worker.WorkerProperties;
import dev.cloudget.worker.jobs.Admission;
import dev.cloudget.worker.jobs.JobRunner;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Set;

/**
 * Task-distribution hands this worker a job. Internal: never routed by the gateway. A job is refused with 409 when the
 * worker is full ({@code worker-full}) or runs no engine that fetches its source ({@code engine-unavailable}).
 */
@RestController
@RequestMapping("/internal/jobs")
class JobController {

    static final URI WORKER_FULL = Problems.WORKER_FULL;

    private final JobRunner runner;
    private final Set<Engine> engines;

    JobController(JobRunner runner, WorkerProperties worker) {
        this.runner = runner;
        this.engines = worker.engines();
    }

    @PostMapping
    ResponseEntity<Void> assign(@RequestBody AssignJob assignment) {
        if (assignment.job() == null || assignment.source() == null || assignment.epoch() == null) {
            throw new IllegalArgumentException("job, source and epoch are required");
        }
        // distribution places a job only where heartbeats name an engine for it: this answers offers made on older
        // news (a worker restarted with fewer engines), which distribution then takes back and places elsewhere
        EngineNeeds needs = EngineNeeds.of(assignment.source());
        if (!needs.metBy(engines)) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.ENGINE_UNAVAILABLE, "Engine unavailable",
                    "this worker runs " + engines + "; the source is fetched with " + needs + "; try another");
        }
        if (runner.accept(assignment) == Admission.FULL) {
            throw new ProblemException(HttpStatus.CONFLICT, WORKER_FULL, "Worker full",
                    "this worker runs " + runner.capacity() + " jobs at once; try another");
        }
        return ResponseEntity.accepted().build();
    }
}
