package dev.cloudget.statistics.farm;

/** What one worker did with the jobs that ended on it in a period. */
public record WorkerFigures(long jobs, long completed, long failed, long bytes) {
}
