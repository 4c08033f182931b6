package dev.cloudget.distribution.dispatch;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Picks the worker for the next job: among workers with a free slot, the least loaded — lowest share of
 * slots in use, then lowest CPU load, then most free disk (ties broken by id, so the choice is stable).
 */
final class WorkerChooser {

    static final Comparator<Candidate> LEAST_LOADED_FIRST = Comparator
            .comparingDouble(Candidate::utilisation)
            .thenComparingDouble(Candidate::cpuLoad)
            .thenComparing(Comparator.comparingLong(Candidate::freeDiskBytes).reversed())
            .thenComparing(Candidate::id);

    private WorkerChooser() {
    }

    static Optional<Candidate> choose(Collection<Candidate> candidates, Predicate<String> passedOver) {
        return candidates.stream()
                .filter(Candidate::hasRoom)
                .filter(candidate -> !passedOver.test(candidate.id()))
                .min(LEAST_LOADED_FIRST);
    }
}
