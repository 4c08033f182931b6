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
import dev.cloudget.worker.torrent.bt.Swarms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Downloads the selected files of a torrent (uploaded, or a magnet's) from its swarm into scratch disk, and streams
 * each through the hashes into object storage while the rest still arrives. Scratch space is bounded by configuration and by the
 * disk's free space, and is removed when the job ends, whatever the outcome. Nothing is seeded afterwards.
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

    TorrentEngine(Swarms swarms, TorrentProperties properties, SeedDatabase seeds, WorkerProperties worker) {
        this.swarms = swarms;
        this.seeds = seeds;
        this.properties = properties;
        this.scratchRoot = worker.scratchDir().resolve("bt");
    }

    public List<StoredFile> fetch(JobId job, BitTorrentSource source, FileIngest ingest, ProgressListener progress)
            throws DownloadException {
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
        Path scratch = scratchRoot.resolve(job.toString());
        try {
            Files.createDirectories(scratch);
            checkRoom(bytes, scratch);
            log.info("Job {}: torrent {} ({}), {} of {} files, {} bytes", job, source.infoHash(), torrent.getName(),
                    wanted.size(), torrent.getFiles().size(), bytes);
            long[] done = {0};
            Map<Integer, StoredFile> stored = new ConcurrentHashMap<>();
            swarms.download(torrent, wanted, scratch, new Swarms.Watcher() {
                @Override
                public void downloaded(long received) {
                    long now = Math.min(received, bytes);
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
            throw new DownloadException(FailureType.INTERNAL_ERROR, "scratch disk: " + e.getMessage(), e);
        } finally {
            deleteQuietly(scratch);
        }
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
