package dev.cloudget.worker.jobs.web;

import dev.cloudget.worker.jobs.JobRunner;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Task-distribution drains this worker for an operator ({@code POST}: no new jobs, running ones handed back) or lets
 * it take jobs again ({@code DELETE}). Internal: never routed by the gateway.
 */
@RestController
@RequestMapping("/internal/drain")
class DrainController {

    private final JobRunner runner;

    DrainController(JobRunner runner) {
        this.runner = runner;
    }

    @PostMapping
    ResponseEntity<Void> drain() {
        runner.drain();
        return ResponseEntity.accepted().build();
    }

    @DeleteMapping
    ResponseEntity<Void> undrain() {
        runner.undrain();
        return ResponseEntity.noContent().build();
    }
}
