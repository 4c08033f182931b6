package dev.cloudget.statistics.downloads;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a client's fetch of one file ended. */
public enum DownloadResult {
    SUCCESS, FAILURE, INTERRUPTED;

    public static DownloadResult of(String name) {
        for (DownloadResult result : values()) {
            if (result.name().equals(name)) {
                return result;
            }
        }
        throw new IllegalArgumentException("result must be one of " + Arrays.stream(values()).map(Enum::name)
                .collect(Collectors.joining(", ")) + ": " + name);
    }
}
