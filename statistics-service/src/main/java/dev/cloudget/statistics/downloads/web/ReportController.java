package dev.cloudget.statistics.downloads.web;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.platform.web.UserId;
import dev.cloudget.statistics.Owner;
import dev.cloudget.statistics.downloads.Downloads;
import dev.cloudget.statistics.downloads.Receipt;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.UUID;

/** {@code POST /api/v1/reports}: a download client's report of one fetch; 202 with its id, or 429 over the rate. */
@RestController
class ReportController {

    private final Downloads downloads;

    ReportController(Downloads downloads) {
        this.downloads = downloads;
    }

    @PostMapping(path = "/api/v1/reports", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ReportAccepted> report(UserId caller, @Valid @RequestBody ReportRequest request) {
        return switch (downloads.report(Owner.of(caller), request.toReport())) {
            case Receipt.Accepted accepted -> ResponseEntity.accepted().body(new ReportAccepted(accepted.id()));
            case Receipt.RateLimited limited -> throw rateLimited(limited.retryAfter());
        };
    }

    private static ProblemException rateLimited(Duration retryAfter) {
        ProblemException problem = new ProblemException(HttpStatus.TOO_MANY_REQUESTS, Problems.RATE_LIMITED,
                "Too many reports", "Too many reports from this user; try again in " + retryAfter.toSeconds()
                        + " s");
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        return problem;
    }

    record ReportAccepted(UUID id) {
    }
}
