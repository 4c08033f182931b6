package dev.cloudget.statistics.farm;

import dev.cloudget.contracts.tasks.TaskSettled;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.statistics.Period;
import dev.cloudget.statistics.Point;
import dev.cloudget.statistics.Scope;
import dev.cloudget.statistics.Series;
import dev.cloudget.statistics.farm.persistence.JobOutcomeRepository;
import dev.cloudget.statistics.farm.persistence.SettledTaskRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.SortedMap;

/**
 * What the farm did, from its own events: each task's outcome and each job's end, recorded once however often the
 * event arrives (the task or job id is the key), and the figures built from them.
 */
@Service
public class Farm {

    private final SettledTaskRepository tasks;
    private final JobOutcomeRepository jobs;
    private final MeterRegistry meters;

    Farm(SettledTaskRepository tasks, JobOutcomeRepository jobs, MeterRegistry meters) {
        this.tasks = tasks;
        this.jobs = jobs;
        this.meters = meters;
    }

    public void settled(TaskSettled event) {
        SettledTask task = SettledTask.of(event);
        if (tasks.insertOnce(task)) {
            meters.counter("cloudget.statistics.tasks.settled", "outcome", task.outcome()).increment();
        }
    }

    public void completed(JobCompleted event) {
        jobs.insertOnce(JobOutcome.of(event));
    }

    public void failed(JobFailed event) {
        jobs.insertOnce(JobOutcome.of(event));
    }

    public TaskBreakdown tasks(Scope scope, Period period) {
        return tasks.figures(scope.user(), period);
    }

    /** By worker id, for the farm as a whole: a user's tasks share jobs with other users'. */
    public SortedMap<String, WorkerFigures> workers(Period period) {
        return jobs.byWorker(period);
    }

    public List<Point> series(Scope scope, TaskMetric metric, Series series) {
        return tasks.series(scope.user(), metric, series);
    }
}
