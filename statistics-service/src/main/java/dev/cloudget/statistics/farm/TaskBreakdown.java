package dev.cloudget.statistics.farm;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Task figures in all, and by source type ({@code http}, {@code bittorrent}…), sorted by type. */
public record TaskBreakdown(TaskFigures total, SortedMap<String, TaskFigures> bySourceType) {

    public TaskBreakdown(TaskFigures total, Map<String, TaskFigures> bySourceType) {
        this(total, new TreeMap<>(bySourceType));
    }
}
