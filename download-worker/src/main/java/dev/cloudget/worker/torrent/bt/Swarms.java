package dev.cloudget.worker.torrent.bt;

import bt.Bt;
import bt.data.Storage;
import bt.data.StorageUnit;
import bt.data.file.FileSystemStorage;
import bt.dht.DHTModule;
import bt.dht.DHTConfig;
import bt.magnet.MagnetUri;
import bt.metainfo.MetadataService;
import bt.metainfo.Torrent;
import bt.metainfo.TorrentFile;
import bt.metainfo.TorrentId;
import bt.net.ConnectionKey;
import bt.protocol.crypto.EncryptionPolicy;
import bt.runtime.BtClient;
import bt.runtime.BtRuntime;
import bt.runtime.BtRuntimeBuilder;
import bt.runtime.Config;
import bt.torrent.TorrentSessionState;
import bt.torrent.fileselector.FilePriority;
import bt.tracker.http.HttpTrackerModule;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.worker.WorkerProperties;
import dev.cloudget.worker.engine.DownloadException;
import dev.cloudget.platform.guard.DestinationGuard;
import dev.cloudget.worker.torrent.TorrentProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The worker's BitTorrent client, on the {@code bt} library: magnet metadata (BEP 9), and downloads of some
 * files of a torrent into scratch disk. Each call runs on a runtime of its own, shut down when it returns:
 * bt's {@code client.stop()} leaves its processing thread, its files and the torrent's registration behind, and
 * a runtime that fetched a magnet's metadata does not go on to download over the same peer connections.
 * Every peer and tracker passes the destination guard ({@link GuardModule}).
 */
@Component
public final class Swarms {

    private static final Logger log = LoggerFactory.getLogger(Swarms.class);
    /** Files of one torrent stored at once. */
    private static final int FILES_AT_ONCE = 3;
    /** How often the session state is sampled. */
    private static final long STATE_PERIOD_MS = 250;

    private final DestinationGuard guard;
    private final TorrentProperties properties;
    private final Duration stallTimeout;

    /** A download that receives nothing from any peer for the worker's {@code stall-timeout} fails {@code stalled}. */
    public Swarms(DestinationGuard guard, TorrentProperties properties, WorkerProperties worker) {
        this.guard = guard;
        this.properties = properties;
        this.stallTimeout = worker.stallTimeout();
    }

    /**
     * The magnet's {@code info} dictionary, as a peer sent it (its SHA-1 is the info-hash).
     *
     * @throws DownloadException {@code metadata-timeout} when no peer delivered it within {@code timeout}
     */
    public byte[] metadata(MagnetSource magnet, Duration timeout) throws DownloadException {
        BtRuntime runtime = runtime();
        try {
            CompletableFuture<Torrent> fetched = new CompletableFuture<>();
            BtClient client = new MetadataOnlyClientBuilder(runtime)
                    .magnet(magnetUri(magnet))
                    // required by the builder, never written: the chain ends before any storage is opened
                    .storage(new FileSystemStorage(Path.of(System.getProperty("java.io.tmpdir"))))
                    .afterTorrentFetched(fetched::complete)
                    .build();
            client.startAsync();
            // bt completes the fetch only with metadata whose SHA-1 is the magnet's info-hash (its MetadataConsumer
            // checks), and the seed database checks again before it keeps them
            return fetched.get(timeout.toMillis(), TimeUnit.MILLISECONDS).getSource().getExchangedMetadata();
        } catch (TimeoutException e) {
            throw new DownloadException(FailureType.METADATA_TIMEOUT, "no peer sent the metadata of "
                    + magnet.infoHash() + " within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new DownloadException(FailureType.TORRENT_MALFORMED, "metadata unusable: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(FailureType.INTERNAL_ERROR, "interrupted while fetching metadata");
        } finally {
            runtime.shutdown();
        }
    }

    /** Reads a torrent from its metainfo (a whole {@code .torrent}, or a bare {@code info} dictionary). */
    public static Torrent parse(byte[] metainfo) throws DownloadException {
        try {
            return new MetadataService().fromByteArray(metainfo);
        } catch (RuntimeException e) {
            throw new DownloadException(FailureType.TORRENT_MALFORMED, "the torrent does not parse: " + e.getMessage());
        }
    }

    /**
     * Downloads the files at {@code wanted} positions of the torrent's file list into {@code scratch}, and hands
     * each, in order, to {@code arrivals} while the rest of the torrent still downloads: pieces are fetched in
     * order and a file is read as far as its pieces are verified, so storing overlaps downloading. Returns once
     * every wanted file is in and handed over; nothing is seeded.
     *
     * @param watcher told of the session's state every {@value #STATE_PERIOD_MS} ms
     * @throws DownloadException {@code stalled} when no byte arrived for the configured stall timeout, or what
     *                           {@code arrivals} threw
     */
    public void download(Torrent torrent, Set<Integer> wanted, Path scratch, Watcher watcher, Arrivals arrivals)
            throws DownloadException {
        download(torrent, wanted, Map.of(), scratch, watcher, arrivals);
    }

    /**
     * As {@link #download(Torrent, Set, Path, Watcher, Arrivals)}, the first {@code present.get(position)} bytes of
     * some files already in scratch ({@link #putBack}): bt checks them against their piece hashes at start and fetches
     * only the pieces still missing, and the pieces wholly inside them are read at once.
     */
    public void download(Torrent torrent, Set<Integer> wanted, Map<Integer, Long> present, Path scratch,
            Watcher watcher, Arrivals arrivals) throws DownloadException {
        Map<TorrentFile, Integer> positions = new IdentityHashMap<>();
        List<TorrentFile> files = torrent.getFiles();
        long[] starts = new long[files.size()];
        long offset = 0;
        for (int i = 0; i < files.size(); i++) {
            positions.put(files.get(i), i);
            starts[i] = offset;
            offset += files.get(i).getSize();
        }
        Storage storage = new FileSystemStorage(scratch);
        // a storage of its own: bt closes the files of the one it writes through when its runtime shuts down
        Storage readBack = new FileSystemStorage(scratch);
        VerifiedPieces pieces = new VerifiedPieces(torrent.getChunkSize(), torrent.getSize());
        present.forEach((position, bytes) -> {
            long from = starts[position];
            long to = from + bytes;
            long length = torrent.getChunkSize();
            for (long piece = Math.ceilDiv(from, length); (piece + 1) * length <= to
                    || piece * length < to && to == torrent.getSize(); piece++) {
                pieces.verified((int) piece);
            }
        });
        BtRuntime runtime = runtime();
        Map<ConnectionKey, Boolean> complete = new ConcurrentHashMap<>();
        runtime.getEventSource()
                .onPieceVerified(torrent.getTorrentId(), event -> pieces.verified(event.getPieceIndex()))
                .onPeerBitfieldUpdated(torrent.getTorrentId(), event -> complete.put(event.getConnectionKey(),
                        event.getBitfield().getPiecesComplete() == event.getBitfield().getPiecesTotal()))
                .onPeerDisconnected(torrent.getTorrentId(), event -> complete.remove(event.getConnectionKey()));
        AtomicReference<Thread> chain = new AtomicReference<>();
        LinkedBlockingQueue<Sample> samples = new LinkedBlockingQueue<>();
        BtClient client = Bt.client(runtime)
                .storage(storage)
                .torrent(() -> torrent)
                .sequentialSelector()
                .fileSelector(file -> wanted.contains(positionOf(positions, files, file))
                        ? FilePriority.NORMAL_PRIORITY
                        : FilePriority.SKIP)
                // runs on bt's processing thread: the one to interrupt when we stop (see class comment)
                .afterFilesChosen(() -> chain.set(Thread.currentThread()))
                .build();
        // a few files are stored at once, each as far as its pieces arrived: an upload that lags behind the swarm
        // does not hold up the next file's. Each holds a copy buffer, its parts streamed (see StagingStore).
        ExecutorService readers = Executors.newFixedThreadPool(FILES_AT_ONCE, Thread.ofVirtual().name("bt-arrivals-", 0).factory());
        CompletableFuture<Void> handedOver = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(wanted.size());
        if (wanted.isEmpty()) {
            handedOver.complete(null);
        }
        Runnable startReading = () -> {
            for (int position : wanted) {
                readers.execute(() -> {
                    TorrentFile file = files.get(position);
                    try (InputStream body = new ArrivingFile(readBack.getUnit(torrent, file), starts[position],
                            file.getSize(), pieces)) {
                        arrivals.arrived(position, body);
                        if (left.decrementAndGet() == 0) {
                            handedOver.complete(null);
                        }
                    } catch (Throwable e) {
                        handedOver.completeExceptionally(e);
                        pieces.failed(e instanceof Exception failure ? failure : new IllegalStateException(e));
                    }
                });
            }
        };
        long began = System.nanoTime();
        try {
            client.startAsync(state -> Sample.of(state, complete).ifPresent(samples::offer), STATE_PERIOD_MS);
            startReading.run();
            awaitPieces(samples, sample -> {
                watcher.downloaded(sample.downloaded());
                watcher.swarm(sample.peers(), sample.seeds());
            }, handedOver);
            pieces.allVerified();
        } catch (DownloadException | RuntimeException e) {
            // no reader may wait for pieces that will not come
            pieces.failed(e);
            readers.shutdownNow();
            throw e;
        } finally {
            client.stop();
            Thread processing = chain.get();
            if (processing != null) {
                processing.interrupt();
            }
            runtime.shutdown();
        }
        long downloaded = System.nanoTime();
        try {
            awaitHandover(handedOver);
        } finally {
            readers.shutdownNow();
        }
        log.info("Torrent {}: every piece in {} ms, the last file stored {} ms later", torrent.getTorrentId(),
                (downloaded - began) / 1_000_000, (System.nanoTime() - downloaded) / 1_000_000);
    }

    /**
     * Writes the first {@code count} bytes of {@code file}, read from {@code bytes}, where bt keeps the file in
     * {@code scratch}, so that a download carries on from them.
     */
    public static void putBack(Torrent torrent, TorrentFile file, Path scratch, InputStream bytes, long count)
            throws IOException {
        try (StorageUnit unit = new FileSystemStorage(scratch).getUnit(torrent, file)) {
            byte[] buffer = new byte[1 << 20];
            for (long at = 0; at < count; ) {
                int n = bytes.readNBytes(buffer, 0, (int) Math.min(buffer.length, count - at));
                if (n == 0) {
                    throw new EOFException("the stored prefix ended at byte " + at + " of " + count);
                }
                unit.writeBlockFully(ByteBuffer.wrap(buffer, 0, n), at);
                at += n;
            }
        }
    }

    /** Waits for the last file to be handed over, once every piece is in. */
    private static void awaitHandover(CompletableFuture<Void> handedOver) throws DownloadException {
        try {
            handedOver.get();
        } catch (ExecutionException e) {
            throw asDownloadFailure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(FailureType.INTERNAL_ERROR, "interrupted while storing the files");
        }
    }

    private static DownloadException asDownloadFailure(Throwable cause) {
        return cause instanceof DownloadException failure
                ? failure
                : new DownloadException(FailureType.INTERNAL_ERROR, "storing the files failed ("
                        + cause.getClass().getSimpleName() + ")", cause);
    }

    private void awaitPieces(LinkedBlockingQueue<Sample> samples, Consumer<Sample> watcher,
            CompletableFuture<Void> handedOver) throws DownloadException {
        long stallNanos = stallTimeout.toNanos();
        long lastBytes = 0;
        long lastProgress = System.nanoTime();
        try {
            while (true) {
                Sample state = samples.poll(1, TimeUnit.SECONDS);
                long now = System.nanoTime();
                if (handedOver.isCompletedExceptionally()) {
                    // storing a file failed: no point fetching the rest
                    awaitHandover(handedOver);
                }
                if (state != null) {
                    watcher.accept(state);
                    // pieces remaining counts skipped pieces as done (and is never 0 before the torrent is set
                    // up): unlike bt's own "downloaded" event, it fires when only some files are selected
                    if (state.piecesTotal() > 0 && state.piecesRemaining() == 0) {
                        return;
                    }
                    if (state.downloaded() > lastBytes) {
                        lastBytes = state.downloaded();
                        lastProgress = now;
                    }
                }
                if (now - lastProgress > stallNanos) {
                    int peers = state == null ? 0 : state.peers();
                    throw new DownloadException(FailureType.STALLED, "no data from any peer for "
                            + stallTimeout.toSeconds() + " s (" + peers + " peers connected, "
                            + lastBytes + " bytes received)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadException(FailureType.INTERNAL_ERROR, "interrupted while downloading");
        }
    }

    private static int positionOf(Map<TorrentFile, Integer> positions, List<TorrentFile> files, TorrentFile file) {
        Integer position = positions.get(file);
        return position != null ? position : files.indexOf(file);
    }

    private BtRuntime runtime() {
        Config config = new Config();
        config.setNumOfHashingThreads(2);
        config.setAcceptorAddress(properties.listenAddress());
        config.setAcceptorPort(freePort());
        config.setMaxPeerConnectionsPerTorrent(properties.maxPeers());
        config.setMaxPeerConnections(properties.maxPeers());
        config.setTrackerTimeout(properties.trackerTimeout());
        config.setEncryptionPolicy(EncryptionPolicy.PREFER_PLAINTEXT);
        BtRuntimeBuilder builder = BtRuntime.builder(config)
                .module(new GuardModule(guard))
                .module(HttpTrackerModule.class)
                .disableAutomaticShutdown()
                .disableLocalServiceDiscovery();
        if (!properties.peerExchange()) {
            builder.disablePeerExchange();
        }
        if (properties.dht()) {
            DHTConfig dht = new DHTConfig();
            dht.setListeningPort(freePort());
            dht.setShouldUseRouterBootstrap(true);
            builder.module(new DHTModule(dht));
        }
        return builder.build();
    }

    /** bt announces the acceptor port it was given, so port 0 would be announced as 0: pick a free one. */
    private int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(properties.listenAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + properties.listenAddress(), e);
        }
    }

    private static MagnetUri magnetUri(MagnetSource magnet) {
        MagnetUri.Builder uri = MagnetUri.torrentId(TorrentId.fromBytes(HexFormat.of().parseHex(magnet.infoHash().hex())));
        if (magnet.name() != null) {
            uri.name(magnet.name());
        }
        for (URI tracker : magnet.trackers()) {
            uri.tracker(tracker.toString());
        }
        return uri.buildUri();
    }

    /**
     * A whole {@code .torrent} around {@code info} bytes exactly as received (so its info-hash stays right),
     * announcing to {@code trackers}.
     */
    public static byte[] torrentOf(byte[] info, List<URI> trackers) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(info.length + 256);
        out.write('d');
        if (!trackers.isEmpty()) {
            string(out, "announce");
            string(out, trackers.getFirst().toString());
            string(out, "announce-list");
            out.write('l');
            for (URI tracker : trackers) {
                out.write('l');
                string(out, tracker.toString());
                out.write('e');
            }
            out.write('e');
        }
        string(out, "info");
        out.writeBytes(info);
        out.write('e');
        return out.toByteArray();
    }

    private static void string(java.io.ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
    }

    /**
     * The session's figures, read on bt's own thread when it reports: bt computes them from live peer state, and a
     * peer that disconnects while they are read elsewhere makes bt throw.
     */
    record Sample(int piecesTotal, int piecesRemaining, long downloaded, int peers, int seeds) {

        static Optional<Sample> of(TorrentSessionState state, Map<ConnectionKey, Boolean> complete) {
            try {
                Set<ConnectionKey> connected = state.getConnectedPeers();
                int seeds = (int) connected.stream().filter(key -> complete.getOrDefault(key, false)).count();
                return Optional.of(new Sample(state.getPiecesTotal(), state.getPiecesRemaining(),
                        state.getDownloaded(), connected.size(), seeds));
            } catch (RuntimeException peerLeftMidRead) {
                // the next report, a moment later, reads a settled state
                return Optional.empty();
            }
        }
    }

    /** Takes each wanted file as it arrives, a few files at once; it may read as fast as the swarm delivers. */
    @FunctionalInterface
    public interface Arrivals {

        /** Reads {@code body} (the file at {@code position} in the torrent) to its end. */
        void arrived(int position, InputStream body) throws DownloadException;
    }

    /** Told of the download's progress. */
    public interface Watcher {

        /** Bytes received so far. */
        void downloaded(long bytes);

        /** Peers connected, and of them those that have every piece. */
        void swarm(int peers, int seeds);
    }
}
