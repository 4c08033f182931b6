package dev.cloudget.system.swarm;

/** A file to put in a directory torrent: its '/'-separated path below the torrent's name and its size. */
public record PayloadFile(String path, long size) {

    public PayloadFile {
        if (path.isBlank() || path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("payload path must be relative and inside the torrent: " + path);
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }

    public static PayloadFile of(String path, long size) {
        return new PayloadFile(path, size);
    }
}
