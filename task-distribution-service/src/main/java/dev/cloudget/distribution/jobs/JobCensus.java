package dev.cloudget.distribution.jobs;

import dev.cloudget.distribution.jobs.persistence.JobRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The farm's jobs in flight by state and kind of source, as the gauge {@code cloudget.distribution.jobs{state, type}}
 * ({@code state} is {@code waiting} or {@code assigned}; {@code type} is {@code http}, {@code torrent}, {@code magnet},
 * {@code ed2k}, {@code metalink}). Counted with one grouped query every {@code cloudget.distribution.census-interval}
 * (15 s) rather than at every scrape; a pair that has no job any more reads 0 until the service restarts, so that a
 * graph of it falls to zero instead of stopping.
 */
@Component
public class JobCensus {

    private static final Logger log = LoggerFactory.getLogger(JobCensus.class);
    private static final List<String> STATES = List.of("WAITING", "ASSIGNED");

    private final JobRepository jobs;
    private final MultiGauge gauge;
    /** Every (state, kind) seen since the start: each keeps a row, at 0 when it has no job. */
    private final Set<List<String>> seen = new HashSet<>();

    JobCensus(JobRepository jobs, MeterRegistry meters) {
        this.jobs = jobs;
        this.gauge = MultiGauge.builder("cloudget.distribution.jobs")
                .description("Jobs waiting for a worker or leased to one, by kind of source")
                .register(meters);
    }

    @Scheduled(initialDelayString = "${cloudget.distribution.census-interval:PT15S}",
            fixedDelayString = "${cloudget.distribution.census-interval:PT15S}")
    void count() {
        try {
            List<JobRepository.JobCount> counts = jobs.countInFlightByKind();
            synchronized (seen) {
                counts.forEach(count -> seen.add(List.of(count.status(), count.kind())));
                gauge.register(seen.stream()
                        .filter(pair -> STATES.contains(pair.get(0)))
                        .map(pair -> MultiGauge.Row.of(
                                Tags.of("state", pair.get(0).toLowerCase(Locale.ROOT), "type", pair.get(1)),
                                counts.stream()
                                        .filter(count -> count.status().equals(pair.get(0))
                                                && count.kind().equals(pair.get(1)))
                                        .mapToLong(JobRepository.JobCount::jobs)
                                        .sum()))
                        .toList(), true);
            }
        } catch (RuntimeException e) {
            // the database is away: the gauges keep their last values; the next round tries again
            log.debug("Counting the jobs in flight failed: {}", e.toString());
        }
    }
}
