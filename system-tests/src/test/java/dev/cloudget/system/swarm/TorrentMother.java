package dev.cloudget.system.swarm;

/** The torrents the BitTorrent tests share, so the fixture's self-test proves exactly what they rely on. */
public final class TorrentMother {

    private TorrentMother() {
    }

    /**
     * Five files of uneven sizes, two in sub-directories and one with spaces in its name, about 9.3 MiB in all: no
     * file boundary falls on a piece boundary, so pieces straddle files as in real torrents.
     */
    public static Torrent fiveFiles(Swarm swarm, String name, long seed) {
        return swarm.directory(name, seed,
                PayloadFile.of("README.txt", 1_234),
                PayloadFile.of("data/part-1.bin", 3_000_017),
                PayloadFile.of("data/part-2.bin", 1_048_576),
                PayloadFile.of("extras/notes/read me later.txt", 77_777),
                PayloadFile.of("video.bin", 5_555_555));
    }

    /** One file of {@code size} bytes. */
    public static Torrent singleFile(Swarm swarm, String name, long size, long seed) {
        return swarm.singleFile(name, size, seed);
    }
}
