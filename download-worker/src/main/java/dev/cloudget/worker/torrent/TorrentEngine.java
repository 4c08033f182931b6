package dev.cloudget.worker.torrent;

import bt.metainfo.Torrent;
import bt.metainfo.TorrentFile;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.BitTorrentSource;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.source.TorrentSource;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.worker.WorkerProperties;
import dev.cloudget.worker.engine.DownloadException;
import dev.cloudget.worker.engine.FileIngest;
import dev.cloudget.worker.engine.ProgressListener;
import dev.cloudget.worker.engine.Resume;
import dev.cloudget.worker.torrent.bt.Swarms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads the selected files of a torrent (uploaded, or a magnet's) from its swarm into scratch disk, and streams
 * each through the hashes into object storage while the rest still arrives. Scratch space is bounded by configuration
 * and by the disk's free space, and is removed when the job ends, whatever the outcome. Nothing is seeded afterwards.
 * A job an earlier worker did not finish carries on from what it stored ({@link Carried}).
 */
@Service
public class TorrentEngine {

    private static final Logger log = LoggerFactory.getLogger(TorrentEngine.class);
    /** BEP 47 pad files, written by hybrid and aligned torrents; never anybody's content. */
    private static final String PAD_DIRECTORY = ".pad";

    private final Swarms swarms;
    private final SeedDatabase seeds;
    private final TorrentProperties properties;
    private final Path scratchRoot;
    private final long maxObjectSize;

    TorrentEngine(Swarms swarms, TorrentProperties properties, SeedDatabase seeds, WorkerProperties worker) {
        this.swarms = swarms;
        this.seeds = seeds;
        this.properties = properties;
        this.scratchRoot = worker.scratchDir().resolve("bt");
        this.maxObjectSize = worker.maxObjectSize().toBytes();
    }

    /**
     * What an earlier lease of a torrent's job left: the files it stored whole ({@code stored}), and the file at
     * position {@code file} whose first bytes it stored ({@code prefix}, or null). {@link #bytesTaken} tells how many
     * bytes the job did not fetch again.
     */
    public static final class Carried {

        public static final Carried NOTHING = new Carried(List.of(), null, null);

        private final List<StoredFile> stored;
        private final Integer file;
        private final Resume prefix;
        private volatile long taken;

        public Carried(List<StoredFile> stored, Integer file, Resume prefix) {
            this.stored = List.copyOf(stored);
            this.file = file;
            this.prefix = prefix;
        }

        public long bytesTaken() {
            return taken;
        }
    }

    /**
     * Fetches the torrent's selected files, carrying on from what an earlier lease {@code carried}: its files stored
     * whole are this job's too, and the first bytes of the file it was storing are put back into scratch, where bt
     * checks them against their piece hashes at start and fetches only the pieces still missing (its have-set).
     */
    public List<StoredFile> fetch(JobId job, BitTorrentSource source, FileIngest ingest, ProgressListener progress,
            Carried carried) throws DownloadException {
        byte[] metainfo = switch (source) {
            case TorrentSource uploaded -> seeds.metainfo(uploaded.seed());
            case MagnetSource magnet -> Swarms.torrentOf(swarms.metadata(magnet, properties.metadataTimeout()),
                    magnet.trackers());
        };
        Torrent torrent = Swarms.parse(metainfo);
        String infoHash = HexFormat.of().formatHex(torrent.getTorrentId().getBytes());
        if (!infoHash.equals(source.infoHash().hex())) {
            throw new DownloadException(FailureType.TORRENT_MALFORMED,
                    "the metainfo is of torrent " + infoHash + ", not " + source.infoHash());
        }
        Set<Integer> wanted = wanted(torrent, source);
        long bytes = wanted.stream().mapToLong(index -> torrent.getFiles().get(index).getSize()).sum();
        if (bytes > maxObjectSize) {
            throw new DownloadException(FailureType.TOO_LARGE, "the selected files hold " + bytes
                    + " bytes; this worker stores at most " + maxObjectSize + " per job");
        }
        Map<Integer, StoredFile> earlier = storedEarlier(torrent, wanted, carried);
        Set<Integer> toFetch = new LinkedHashSet<>(wanted);
        toFetch.removeAll(earlier.keySet());
        Path scratch = scratchRoot.resolve(job.toString());
        try {
            Files.createDirectories(scratch);
            checkRoom(toFetch.stream().mapToLong(index -> torrent.getFiles().get(index).getSize()).sum(), scratch);
            log.info("Job {}: torrent {} ({}), {} of {} files, {} bytes", job, source.infoHash(), torrent.getName(),
                    wanted.size(), torrent.getFiles().size(), bytes);
            Map<Integer, Long> present = putBack(torrent, toFetch, scratch, carried);
            long before = earlier.values().stream().mapToLong(StoredFile::size).sum()
                    + present.values().stream().mapToLong(Long::longValue).sum();
            carried.taken = before;
            if (before > 0) {
                log.info("Job {}: carrying on from an earlier lease: {} file(s) stored whole, {} bytes in all",
                        job, earlier.size(), before);
                // bt checks the pieces put back against their hashes before it asks the swarm for the rest
                progress.verifying(before, bytes);
            }
            long[] done = {before};
            Map<Integer, StoredFile> stored = new ConcurrentHashMap<>(earlier);
            if (toFetch.isEmpty()) {
                return wanted.stream().map(stored::get).toList();
            }
            swarms.download(torrent, toFetch, present, scratch, new Swarms.Watcher() {
                @Override
                public void downloaded(long received) {
                    long now = Math.min(before + received, bytes);
                    if (now > done[0]) {
                        progress.bytesRead(now - done[0], now, bytes);
                        done[0] = now;
                    }
                }

                @Override
                public void swarm(int peers, int seeds) {
                    progress.swarm(peers, seeds);
                }
            }, (index, body) -> {
                TorrentFile file = torrent.getFiles().get(index);
                stored.put(index, ingest.store(pathOf(torrent, file), index, body, file.getSize()));
            });
            return wanted.stream().map(stored::get).toList();
        } catch (IOException e) {
            throw new DownloadException(FailureType.INTERNAL_ERROR, "scratch disk error", e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** The files an earlier lease stored whole that this job wants, by position (each checked to be that file). */
    private static Map<Integer, StoredFile> storedEarlier(Torrent torrent, Set<Integer> wanted, Carried carried) {
        Map<Integer, StoredFile> earlier = new HashMap<>();
        for (StoredFile file : carried.stored) {
            Integer index = file.index();
            if (index != null && wanted.contains(index) && index < torrent.getFiles().size()
                    && file.size() == torrent.getFiles().get(index).getSize()
                    && file.path().equals(pathOf(torrent, torrent.getFiles().get(index)))) {
                earlier.put(index, file);
            }
        }
        return earlier;
    }

    /**
     * Puts the stored first bytes of the file an earlier lease was storing back into scratch, where bt finds them at
     * start; returns how many bytes of which file are there (none when the checkpoint is of another file).
     */
    private Map<Integer, Long> putBack(Torrent torrent, Set<Integer> toFetch, Path scratch, Carried carried)
            throws IOException {
        Resume prefix = carried.prefix;
        Integer index = carried.file;
        if (prefix == null || index == null || !toFetch.contains(index)) {
            return Map.of();
        }
        TorrentFile file = torrent.getFiles().get(index);
        if (prefix.length() != file.getSize() || !prefix.validator().equals(pathOf(torrent, file))) {
            log.info("The checkpoint is of {} ({} bytes), not of file {} of this torrent; it starts over",
                    prefix.validator(), prefix.length(), index);
            return Map.of();
        }
        Swarms.putBack(torrent, file, scratch, prefix.prefix(), prefix.offset());
        prefix.taken();
        return Map.of(index, prefix.offset());
    }

    /** The file positions to fetch: those selected (which must exist), or every file but pad files. */
    private static Set<Integer> wanted(Torrent torrent, BitTorrentSource source) throws DownloadException {
        List<TorrentFile> files = torrent.getFiles();
        Set<Integer> wanted = new LinkedHashSet<>();
        if (source.files().all()) {
            for (int i = 0; i < files.size(); i++) {
                List<String> path = files.get(i).getPathElements();
                if (path.size() < 2 || !PAD_DIRECTORY.equals(path.getFirst())) {
                    wanted.add(i);
                }
            }
            return wanted;
        }
        for (int index : source.files().indices()) {
            if (index >= files.size()) {
                throw new DownloadException(FailureType.INVALID_FILE_SELECTION, "the torrent has " + files.size()
                        + " files (0.." + (files.size() - 1) + "); file " + index + " was asked for");
            }
            wanted.add(index);
        }
        return wanted;
    }

    private void checkRoom(long bytes, Path scratch) throws IOException, DownloadException {
        long limit = properties.maxDownloadSize().toBytes();
        if (bytes > limit) {
            throw new DownloadException(FailureType.TOO_LARGE, "the selected files hold " + bytes
                    + " bytes; this worker takes at most " + limit + " per torrent");
        }
        long free = Files.getFileStore(scratch).getUsableSpace();
        if (bytes > free) {
            throw new DownloadException(FailureType.TOO_LARGE, "the selected files hold " + bytes
                    + " bytes; the worker's scratch disk has " + free + " free");
        }
    }

    /**
     * The file's path inside the download: {@code <name>/<dirs>/<file>} for multi-file torrents, else the name. A
     * magnet's metadata comes from peers, unchecked by the seed database: every element is made harmless here.
     */
    static String pathOf(Torrent torrent, TorrentFile file) {
        String inside = String.join("/", file.getPathElements().stream().map(TorrentEngine::safeElement).toList());
        String name = safeElement(torrent.getName());
        return torrent.getFiles().size() == 1 && inside.equals(name) ? inside : name + "/" + inside;
    }

    /** One path element: no separators, no control characters, never empty, {@code .} or {@code ..}. */
    static String safeElement(String element) {
        StringBuilder safe = new StringBuilder(element == null ? 0 : element.length());
        if (element != null) {
            element.codePoints().forEach(c -> safe.appendCodePoint(
                    c < 0x20 || c == 0x7f || c == '/' || c == '\\' || (c >= 0x80 && c < 0xa0) ? '_' : c));
        }
        String result = safe.toString().strip();
        return result.isEmpty() || result.equals(".") || result.equals("..") ? "_" : result;
    }

    private static void deleteQuietly(Path scratch) {
        try {
            FileSystemUtils.deleteRecursively(scratch);
        } catch (IOException e) {
            log.warn("Could not delete scratch directory {}: {}", scratch, e.toString());
        }
    }
}
