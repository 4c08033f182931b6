package dev.cloudget.contracts.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Which files of a torrent to fetch, by their index in the metainfo's file list: ascending and distinct.
 * Empty means every file.
 */
public record FileSelection(List<Integer> indices) {

    /** More indices than any torrent the seed parser accepts has files. */
    public static final int MAX_FILES = 100_000;

    public static final FileSelection ALL = new FileSelection(List.of());

    public FileSelection {
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer index : indices == null ? List.<Integer>of() : indices) {
            if (index == null || index < 0 || index >= MAX_FILES) {
                throw new IllegalArgumentException("file index must be 0.." + (MAX_FILES - 1) + ": " + index);
            }
            sorted.add(index);
        }
        indices = List.copyOf(sorted);
    }

    @JsonCreator
    public static FileSelection of(List<Integer> indices) {
        return new FileSelection(indices);
    }

    public boolean all() {
        return indices.isEmpty();
    }

    public boolean includes(int index) {
        return all() || Collections.binarySearch(indices, index) >= 0;
    }

    /** Whether every file this selection names is also named by {@code other}. */
    public boolean within(FileSelection other) {
        return other.all() || (!all() && indices.stream().allMatch(index -> Collections.binarySearch(other.indices, index) >= 0));
    }

    /** The suffix of a source key: nothing for every file, {@code ?files=0,3} for a selection. */
    String keySuffix() {
        if (all()) {
            return "";
        }
        StringBuilder suffix = new StringBuilder("?files=");
        for (int i = 0; i < indices.size(); i++) {
            suffix.append(i == 0 ? "" : ",").append(indices.get(i));
        }
        return suffix.toString();
    }

    @JsonValue
    public List<Integer> json() {
        return indices;
    }
}
