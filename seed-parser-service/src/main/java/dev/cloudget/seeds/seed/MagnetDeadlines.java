package dev.cloudget.seeds.seed;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Gives up on magnets the farm did not resolve in time, so that nobody waits on a RESOLVING seed forever. */
@Component
class MagnetDeadlines {

    private final Seeds seeds;

    MagnetDeadlines(Seeds seeds) {
        this.seeds = seeds;
    }

    @Scheduled(fixedDelayString = "${cloudget.seeds.sweep-interval:PT10S}")
    void sweep() {
        seeds.failExpired();
    }
}
