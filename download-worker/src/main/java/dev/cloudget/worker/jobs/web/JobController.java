package dev.cloudget.worker.jobs.web;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.worker.jobs.Admission;
import dev.cloudget.worker.jobs.JobRunner;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Task-distribution hands this worker a job. Internal: never routed by the gateway. */
@RestController
@RequestMapping("/internal/jobs")
class JobController {

    static final URI WORKER_FULL = Problems.WORKER_FULL;

    private final JobRunner runner;

    JobController(JobRunner runner) {
        this.runner = runner;
    }

    @PostMapping
    ResponseEntity<Void> assign(@RequestBody AssignJob assignment) {
        if (assignment.job() == null || assignment.source() == null || assignment.epoch() == null) {
            throw new IllegalArgumentException("job, source and epoch are required");
        }
        if (runner.accept(assignment) == Admission.FULL) {
            throw new ProblemException(HttpStatus.CONFLICT, WORKER_FULL, "Worker full",
                    "this worker runs " + runner.capacity() + " jobs at once; try another");
        }
        return ResponseEntity.accepted().build();
    }
}
