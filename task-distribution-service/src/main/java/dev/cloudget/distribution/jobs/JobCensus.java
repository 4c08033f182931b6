package dev.cloudget.distribution.jobs;

import dev.cloudget.distribution.jobs.persistence.JobRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

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

    private final JobRepository jobs;
    private final MultiGauge gauge;
    /** Every (state, kind) seen since the start: each keeps a row, at 0 when it has no job. */
    private final Set<Tags> seen = ConcurrentHashMap.newKeySet();

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
            Map<Tags, Long> counts = jobs.countInFlightByKind().stream().collect(Collectors.toMap(
                    count -> Tags.of("state", count.status().toLowerCase(Locale.ROOT), "type", count.kind()),
                    JobRepository.JobCount::jobs));
            seen.addAll(counts.keySet());
            gauge.register(seen.stream()
                    .map(tags -> MultiGauge.Row.of(tags, counts.getOrDefault(tags, 0L)))
                    .toList(), true);
        } catch (RuntimeException e) {
            // the database is away: the gauges keep their last values; the next round tries again
            log.debug("Counting the jobs in flight failed: {}", e.toString());
        }
    }
}
