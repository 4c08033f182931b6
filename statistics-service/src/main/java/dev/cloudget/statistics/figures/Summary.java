package dev.cloudget.statistics.figures;

import dev.cloudget.statistics.Period;
import dev.cloudget.statistics.downloads.DownloadFigures;
import dev.cloudget.statistics.farm.TaskBreakdown;
import dev.cloudget.statistics.farm.WorkerFigures;

import java.util.Optional;
import java.util.SortedMap;

/** Every figure of a period for one scope; {@code byWorker} only for the farm as a whole. */
public record Summary(Period period, TaskBreakdown tasks, DownloadFigures downloads,
        Optional<SortedMap<String, WorkerFigures>> byWorker) {
}
