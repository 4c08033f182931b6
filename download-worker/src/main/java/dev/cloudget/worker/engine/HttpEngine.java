package dev.cloudget.worker.engine;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.source.PieceHashes;
import dev.cloudget.contracts.source.StoredCopy;
import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.contracts.worker.OriginResponse;
import dev.cloudget.worker.WorkerProperties;
import dev.cloudget.worker.digest.ContentDigests;
import dev.cloudget.platform.guard.BlockedAddressException;
import dev.cloudget.platform.guard.DestinationGuard;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches an HTTP(S) URL and streams its body to a sink. Redirects are followed here, not by OkHttp,
 * so that every hop's host goes through the {@link DestinationGuard} and the connection is pinned to
 * exactly the addresses the guard approved. The body is stored exactly as the origin sent it (never
 * decoded), a transfer slower than the throughput floor is given up (see {@link HttpEngineProperties}), and so is one
 * that receives nothing for the stall timeout. A file declared larger than the largest object stored is refused before
 * its body is read.
 * FTP URLs go through the same download; a worker that does not run one of the two engines
 * ({@code cloudget.worker.engines}) never fetches a URL of that engine.
 */
public class HttpEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpEngine.class);
    /** Segments are handed out in chunks of this many minimum segments (4 MiB by default), front first. */
    private static final int CHUNK_SEGMENTS = 4;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final OkHttpClient client;
    private final DestinationGuard guard;
    private final HttpEngineProperties properties;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("http-throughput-watchdog").factory());
    private final Path scratchDir;
    private final HostConnections hostConnections;
    private final FtpOrigin ftp;
    private final Set<Engine> engines;
    private final long maxObjectSize;
    private final Duration stallTimeout;

    public HttpEngine(DestinationGuard guard, HttpEngineProperties properties) {
        this(guard, properties, Path.of(System.getProperty("java.io.tmpdir"), "cloudget-worker"));
    }

    public HttpEngine(DestinationGuard guard, HttpEngineProperties properties, Path scratchDir) {
        this(guard, properties, scratchDir, Engine.ALL);
    }

    /** @param engines the engines this worker runs: URLs of HTTP or FTP when not among them are left out */
    public HttpEngine(DestinationGuard guard, HttpEngineProperties properties, Path scratchDir, Set<Engine> engines) {
        this(guard, properties, scratchDir, engines, WorkerProperties.LARGEST_OBJECT.toBytes(), Duration.ZERO);
    }

    /**
     * @param maxObjectSize the largest file fetched: one declared larger fails {@code too-large} before its body is read
     * @param stallTimeout  time spent waiting on the origin without a byte after which a fetch fails {@code stalled};
     *                      zero leaves it to the throughput floor
     */
    public HttpEngine(DestinationGuard guard, HttpEngineProperties properties, Path scratchDir, Set<Engine> engines,
            long maxObjectSize, Duration stallTimeout) {
        this.guard = guard;
        this.maxObjectSize = maxObjectSize;
        this.stallTimeout = stallTimeout;
        this.engines = Engine.setOf(engines);
        this.properties = properties;
        this.scratchDir = scratchDir;
        this.hostConnections = new HostConnections(properties.connectionsPerHost());
        this.ftp = new FtpOrigin(guard, properties);
        this.client = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                // a proxy would resolve the host itself, behind the guard's back
                .proxy(Proxy.NO_PROXY)
                .connectTimeout(properties.connectTimeout())
                // OkHttp arms a watchdog (a lock and a wake-up) for every 8 KiB read that has a timeout; the
                // throughput floor already gives up an origin that stalls, so the read timeout is only set without it
                .readTimeout(properties.minThroughput().toBytes() > 0 ? Duration.ZERO : properties.readTimeout())
                .build();
    }

    public FetchedFile fetch(URI url, BodySink sink, ProgressListener progress) throws DownloadException {
        return fetch(url, null, sink, progress).file();
    }

    /**
     * Fetches {@code url}; with a {@code storedCopy} that has validators, conditionally: a {@code 304}, or a
     * {@code 200} whose validators match the copy's (an origin that ignores conditional requests), ends the fetch
     * without reading the body or touching the sink, and the answer has no file.
     */
    public Fetch fetch(URI url, StoredCopy storedCopy, BodySink sink, ProgressListener progress)
            throws DownloadException {
        return fetch(List.of(url), storedCopy, Expected.NOTHING, sink, progress);
    }

    /**
     * Fetches one file from several URLs serving the same bytes (P2SP): the first that answers with the file is
     * probed, and when it serves ranges the file comes over connections spread across it and every other URL (its
     * mirrors), each checked to serve a file of the same length, each piece checked where {@code expected} has piece
     * hashes. A mirror that fails, serves another length or bytes that do not match is dropped from the download
     * (and named in {@link Fetch#badSources} when it served other bytes) while the others carry on. Only the first
     * URL is asked about the {@code storedCopy}. The whole file is checked against {@code expected} at the end.
     */
    public Fetch fetch(List<URI> urls, StoredCopy storedCopy, Expected expected, BodySink sink,
            ProgressListener progress) throws DownloadException {
        return fetch(urls, storedCopy, expected, sink, progress, null);
    }

    /**
     * As {@link #fetch(List, StoredCopy, Expected, BodySink, ProgressListener)}, carrying on from {@code resume} (when
     * not null) if the first URL still serves the file it was checkpointed from: the rest is fetched and the whole
     * file, prefix included, goes to the sink and through the hashes. The stored copy is then not asked about.
     * <p>
     * URLs whose engine this worker does not run are left out; when that is the first, the stored copy and the resume,
     * which belong to it, are not used. An assignment whose source no engine here fetches is refused before it
     * starts ({@code EngineNeeds}), so this leaves out mirrors, and the URLs a linked Metalink names.
     */
    public Fetch fetch(List<URI> urls, StoredCopy storedCopy, Expected expected, BodySink sink,
            ProgressListener progress, Resume resume) throws DownloadException {
        if (resume != null && expected.pieces() != null) {
            throw new IllegalArgumentException("a download checked piece by piece does not resume");
        }
        if (expected.size() > maxObjectSize) {
            throw DownloadException.tooLarge(expected.size(), maxObjectSize);
        }
        List<URI> usable = urls.stream().filter(url -> Engine.of(url).map(engines::contains).orElse(true)).toList();
        if (usable.isEmpty()) {
            throw new DownloadException(FailureType.UNSUPPORTED_SOURCE, "this worker runs " + engines
                    + " and none of them fetches " + urls);
        }
        if (usable.size() < urls.size()) {
            log.info("Sources left out, their engine is not run here ({}): {}", engines,
                    urls.stream().filter(url -> !usable.contains(url)).toList());
            if (!usable.getFirst().equals(urls.getFirst())) {
                storedCopy = null;
                resume = null;
            }
            urls = usable;
        }
        DownloadException first = null;
        List<URI> bad = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
            try {
                Fetch fetch = i == 0 && resume != null
                        ? fetchFrom(urls.get(i), urls.subList(i + 1, urls.size()), null, expected, sink, progress,
                                resume)
                        : fetchFrom(urls.get(i), urls.subList(i + 1, urls.size()), i == 0 ? storedCopy : null,
                                expected, sink, progress, null);
                bad.addAll(fetch.badSources());
                return new Fetch(fetch.file(), fetch.origin(), fetch.goodSources(), bad);
            } catch (Unanswered e) {
                first = first == null ? e.failure : first;
                if (e.failure.type() == FailureType.HASH_MISMATCH) {
                    bad.add(urls.get(i));
                }
                if (i + 1 < urls.size()) {
                    log.info("Source {} not used: {} {}", urls.get(i).getHost(), e.failure.type().slug(),
                            e.failure.detail());
                }
            }
        }
        throw first;
    }

    /** A source that failed before any byte reached the sink: the next may be tried. */
    private static final class Unanswered extends Exception {

        final DownloadException failure;

        Unanswered(DownloadException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    private Fetch fetchFrom(URI url, List<URI> mirrors, StoredCopy storedCopy, Expected expected, BodySink sink,
            ProgressListener progress, Resume resume) throws DownloadException, Unanswered {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("ftp")) {
            return fetchFtp(url, mirrors, expected, sink, progress, resume);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Unanswered(new DownloadException(FailureType.UNSUPPORTED_SOURCE,
                    scheme + " sources are not supported"));
        }
        HttpUrl current = HttpUrl.parse(url.toString());
        if (current == null) {
            throw new Unanswered(new DownloadException(FailureType.INTERNAL_ERROR, "not a valid http(s) URL: " + url));
        }
        try (Transfer transfer = new Transfer()) {
            Response response = null;
            try {
                for (int hop = 0; response == null; hop++) {
                    Response answer = resume == null ? call(current, storedCopy, transfer)
                            : call(current, null, transfer, Map.of("Range", firstRange(resume),
                                    "If-Range", resume.validator()));
                    if (REDIRECTS.contains(answer.code())) {
                        try (answer) {
                            current = nextHop(current, answer, hop);
                        }
                    } else {
                        response = answer;
                    }
                }
            } catch (IOException e) {
                throw new Unanswered(transfer.explain(e, current));
            } catch (DownloadException e) {
                throw new Unanswered(e);
            }
            try (Response answered = response) {
                int status = answered.code();
                if (storedCopy != null && storedCopy.hasValidators()
                        && (status == 304 || status == 200 && Validators.confirm(storedCopy, answered))) {
                    return new Fetch(null, origin(answered, true, storedCopy));
                }
                if (resume != null && status == 206) {
                    return resumed(url, current, answered, resume, mirrors, expected, sink, progress, transfer);
                }
                if (status != 200) {
                    // only a 200 carries the file: a 204, 205 or 206 (we never ask for a range) would be
                    // stored as an empty or partial file
                    String success = status >= 200 && status < 300 ? " instead of 200 with the file" : "";
                    throw new Unanswered(new DownloadException(FailureType.ORIGIN_HTTP_STATUS,
                            "origin answered " + status + " " + reasonPhrase(answered) + success));
                }
                long length = answered.body().contentLength();
                boolean rangeable = rangeable(answered, length);
                Probed probed = new Probed(url, current.uri(), current, ifRangeOf(answered), rangeable,
                        segmentable(rangeable, length), false, answered.body().byteStream(), length,
                        FileNames.choose(answered.header("Content-Disposition"), current.pathSegments()), 0, null);
                return download(probed, mirrors, expected, sink, progress, transfer, origin(answered, false, null));
            }
        }
    }

    /**
     * Where the first answer of a resumed download ends: one segment on, when the rest comes over several connections
     * at once (it then does from the start), so that no connection is left with bytes in flight that nobody reads —
     * a successor fetches again only what its predecessor fetched beyond its checkpoint; the file's end otherwise.
     */
    private long firstRangeEnd(Resume resume) {
        return segmentable(true, resume.length() - resume.offset())
                ? resume.offset() + properties.minSegment().toBytes() : resume.length();
    }

    /** The {@code Range} a resumed download asks for first ({@link #firstRangeEnd}). */
    private String firstRange(Resume resume) {
        long end = firstRangeEnd(resume);
        return "bytes=" + resume.offset() + "-" + (end == resume.length() ? "" : end - 1);
    }

    /**
     * The rest of a checkpointed file, from the resume's offset: the 206 must be that range of a file of the
     * checkpointed length (else the file is not the one checkpointed, and the download starts over); the stored prefix
     * then comes first.
     */
    private Fetch resumed(URI url, HttpUrl at, Response answered, Resume resume, List<URI> mirrors, Expected expected,
            BodySink sink, ProgressListener progress, Transfer transfer) throws DownloadException, Unanswered {
        try {
            checkRange(answered, resume.offset(), resume.length());
        } catch (DownloadException e) {
            throw new DownloadException(FailureType.ORIGIN_CHANGED, "the origin no longer serves the file "
                    + "checkpointed: " + e.detail(), e);
        }
        resume.taken();
        long length = resume.length();
        progress.resumed(resume.offset(), length);
        Probed probed = new Probed(url, at.uri(), at, resume.validator(), true, segmentable(true, length), false,
                answered.body().byteStream(), length,
                FileNames.choose(answered.header("Content-Disposition"), at.pathSegments()), resume.offset(),
                resume.prefix(), firstRangeEnd(resume));
        log.info("Carrying on from byte {} of {} ({} already stored)", resume.offset(), length, at.host());
        return download(probed, mirrors, expected, sink, progress, transfer, origin(answered, false, null));
    }

    /**
     * A file on an FTP server, and its mirrors: opened once (its size and modification time read), then fetched the way
     * an HTTP file is: over connections spread across its mirrors, or as one stream that turns segmented when slow,
     * each connection a session of its own opened at its offset with {@code REST}. No conditional request exists in
     * FTP: a stored copy of an FTP link is fresh for the heuristic window, then fetched again.
     */
    private Fetch fetchFtp(URI url, List<URI> mirrors, Expected expected, BodySink sink, ProgressListener progress,
            Resume resume) throws DownloadException, Unanswered {
        FtpOrigin.Opened opened;
        boolean resumed = false;
        try {
            opened = resume == null ? null : reopened(url, resume);
            resumed = opened != null;
            if (opened == null) {
                opened = ftp.open(url, 0, null);
            }
        } catch (IOException e) {
            throw new Unanswered(classifyAt(e, FtpOrigin.hostKey(url)));
        } catch (DownloadException e) {
            throw new Unanswered(e);
        }
        InputStream body = opened.body();
        try (Transfer transfer = new Transfer()) {
            body = transfer.attach(body);
            long length = opened.size();
            boolean segmentable = segmentable(true, length);
            if (resumed) {
                resume.taken();
                progress.resumed(resume.offset(), length);
                log.info("Carrying on from byte {} of {} ({} already stored)", resume.offset(), length, url.getHost());
            }
            // a later session tells the same file by its modification time and size: a checkpoint can be carried on
            boolean resumable = opened.dated() && length >= 0;
            Probed probed = new Probed(url, url, null, opened.validator(), resumable, segmentable, length >= 0, body,
                    length, FileNames.choose(null, List.of(opened.name())), resumed ? resume.offset() : 0,
                    resumed ? resume.prefix() : null);
            // FTP says nothing about freshness and has no conditional request: the stored copy is fresh for the
            // heuristic window, then fetched again
            return download(probed, mirrors, expected, sink, progress, transfer,
                    new OriginResponse(false, null, null, null, null, null, null, Instant.now()));
        } finally {
            try {
                body.close();
            } catch (IOException e) {
                log.debug("FTP session of {} not closed cleanly: {}", url.getHost(), e.toString());
            }
        }
    }

    /**
     * The FTP file opened after a checkpoint's bytes ({@code REST}), or null when it is no longer the file checkpointed
     * (its modification time or size changed): then the download starts over, never mixing two files.
     */
    private FtpOrigin.Opened reopened(URI url, Resume resume) throws IOException, DownloadException {
        try {
            FtpOrigin.Opened opened = ftp.open(url, resume.offset(), resume.validator());
            if (opened.size() == resume.length()) {
                return opened;
            }
            opened.body().close();
            log.info("{} now holds {} bytes, not the {} checkpointed; starting over", url.getHost(), opened.size(),
                    resume.length());
            return null;
        } catch (DownloadException e) {
            if (e.type() != FailureType.ORIGIN_CHANGED) {
                throw e;
            }
            log.info("{}; starting over", e.detail());
            return null;
        }
    }

    /**
     * The first source's answer: the URL asked for ({@code given}), where it led ({@code at}, and {@code http}, its
     * HTTP form, null for FTP), the validator that holds further requests to the same file, whether an HTTP origin
     * serves ranges of it under that validator ({@code rangeable}), whether the file can come over several connections
     * ({@code segmentable}) and whether a dropped stream can ask for the rest ({@code resumable}), the body, the file's
     * length (or -1) and name; when a checkpoint is carried on from, the body starts at {@code from} and the bytes
     * before it come from {@code prefix}.
     */
    private record Probed(URI given, URI at, HttpUrl http, String validator, boolean rangeable, boolean segmentable,
            boolean resumable, InputStream body, long length, String name, long from, InputStream prefix,
            long bodyEnd) {

        /** A body to the end of the file. */
        Probed(URI given, URI at, HttpUrl http, String validator, boolean rangeable, boolean segmentable,
                boolean resumable, InputStream body, long length, String name, long from, InputStream prefix) {
            this(given, at, http, validator, rangeable, segmentable, resumable, body, length, name, from, prefix,
                    length);
        }

        /** The whole file's bytes in order: the stored prefix, if any, then {@code rest}. */
        InputStream whole(InputStream rest) {
            return prefix == null ? rest : new SequenceInputStream(prefix, rest);
        }
    }

    private Sources sourcesOf(Probed probed, List<URI> mirrors, Transfer transfer) {
        return new Sources(probed.at(), probed.http(), probed.validator(), mirrors, probed.length(), transfer);
    }

    /**
     * A probed file, fetched the way its origin allows: spread over every source when there are mirrors or piece hashes
     * to check, ramping up from one stream when it serves ranges, else as one stream (resuming where it can); checked
     * against {@code expected}.
     */
    private Fetch download(Probed probed, List<URI> mirrors, Expected expected, BodySink sink,
            ProgressListener progress, Transfer transfer, OriginResponse said) throws DownloadException, Unanswered {
        long length = probed.length();
        if (length > maxObjectSize) {
            // a verdict on the file, whichever source said it: no mirror is tried
            throw DownloadException.tooLarge(length, maxObjectSize);
        }
        if (expected.size() >= 0 && length >= 0 && length != expected.size()) {
            throw new Unanswered(new DownloadException(FailureType.HASH_MISMATCH, probed.given().getHost()
                    + " serves " + length + " bytes; the file has " + expected.size()));
        }
        ProgressListener counting = transfer.counting(probed.from() == 0 ? progress : afterPrefix(progress, probed.from()));
        Checkpoints checkpoints = probed.rangeable() ? sink.resumable(probed.validator(), length) : Checkpoints.none();
        PieceHashes pieces = expected.piecesFor(length);
        progress.sources(1);
        List<URI> good = List.of(probed.given());
        List<URI> bad = new ArrayList<>();
        FetchedFile file;
        if (probed.segmentable() && (!mirrors.isEmpty() || pieces != null || probed.bodyEnd() < length)) {
            Sources sources = sourcesOf(probed, mirrors, transfer);
            progress.sources(sources.size());
            file = fromSources(sources, probed, pieces, sink, counting, transfer, bad, checkpoints);
            good = sources.good(probed.given());
        } else if (probed.segmentable()) {
            file = rampingUp(sourcesOf(probed, List.of(), transfer), probed, sink, counting, transfer, checkpoints);
        } else if (probed.resumable()) {
            file = stream(probed.whole(resuming(probed.body(), probed.from(), length,
                    sourcesOf(probed, List.of(), transfer))), length, probed.name(), sink, counting, transfer);
        } else {
            file = stream(probed.whole(probed.body()), length, probed.name(), sink, counting, transfer);
        }
        check(file, expected);
        return new Fetch(file, said, good, bad);
    }

    /**
     * Progress of a file carried on from byte {@code from}: the stored prefix read back is not news, nor bytes from the
     * origin; what comes after it is told at its place in the file.
     */
    private static ProgressListener afterPrefix(ProgressListener progress, long from) {
        return (delta, done, total) -> {
            if (done > from) {
                progress.bytesRead(Math.min(delta, done - from), done, total);
            }
        };
    }

    private static void check(FetchedFile file, Expected expected) throws DownloadException {
        if (expected.size() >= 0 && file.size() != expected.size()
                || expected.sha256() != null && !expected.sha256().equals(file.sha256())) {
            throw new DownloadException(FailureType.HASH_MISMATCH, "the file came to " + file.size()
                    + " bytes with SHA-256 " + file.sha256() + "; expected "
                    + (expected.size() >= 0 ? expected.size() + " bytes" : "")
                    + (expected.sha256() != null ? " with SHA-256 " + expected.sha256() : ""));
        }
    }

    /** What the origin said about the response: its validators and freshness headers (RFC 9111). */
    private static OriginResponse origin(Response response, boolean unchanged, StoredCopy storedCopy) {
        String etag = response.header("ETag");
        String lastModified = response.header("Last-Modified");
        if (unchanged) {
            // a 304 may leave out validators that still hold
            etag = etag == null ? storedCopy.etag() : etag;
            lastModified = lastModified == null ? storedCopy.lastModified() : lastModified;
        }
        return new OriginResponse(unchanged, etag, lastModified, response.header("Cache-Control"),
                response.header("Expires"), response.header("Date"), response.header("Age"),
                Instant.ofEpochMilli(response.receivedResponseAtMillis()));
    }

    /**
     * What a fetch got: the file, or — when the origin confirmed the stored copy it was asked about — none; and
     * what the origin said about its response; the URLs whose bytes make the file, and those dropped for serving
     * other bytes than the file's.
     */
    public record Fetch(FetchedFile file, OriginResponse origin, List<URI> goodSources, List<URI> badSources) {

        public Fetch {
            goodSources = List.copyOf(goodSources);
            badSources = List.copyOf(badSources);
        }

        Fetch(FetchedFile file, OriginResponse origin) {
            this(file, origin, List.of(), List.of());
        }
    }

    private Response call(HttpUrl url, StoredCopy storedCopy, Transfer transfer)
            throws IOException, DownloadException {
        return call(url, storedCopy, transfer, Map.of());
    }

    private Response call(HttpUrl url, StoredCopy storedCopy, Transfer transfer, Map<String, String> headers)
            throws IOException, DownloadException {
        OkHttpClient pinned = transfer.pinnedFor(url);
        if (pinned == null) {
            pinned = transfer.pin(url, pinnedClient(url, transfer));
        }
        Request.Builder conditional = new Request.Builder();
        headers.forEach(conditional::header);
        if (storedCopy != null && storedCopy.etag() != null) {
            conditional.header("If-None-Match", storedCopy.etag());
        }
        if (storedCopy != null && storedCopy.lastModified() != null) {
            conditional.header("If-Modified-Since", storedCopy.lastModified());
        }
        Request request = conditional.url(url)
                .header("User-Agent", properties.userAgent())
                // Without an explicit Accept-Encoding OkHttp asks for gzip and silently decodes it: a .tar.gz
                // served with Content-Encoding: gzip would be stored unpacked under the wrong hash, and its
                // Content-Length dropped. Ask for the bytes as they are; should the origin encode anyway,
                // OkHttp leaves a body it did not ask to be encoded alone, and those bytes are stored.
                .header("Accept-Encoding", "identity")
                .get()
                .build();
        Call call = pinned.newCall(request);
        transfer.attach(call);
        // awaiting the status line and headers is the origin's time too: a trickle of headers counts
        transfer.clock.blocked(System.nanoTime());
        try {
            return call.execute();
        } finally {
            transfer.clock.unblocked(System.nanoTime());
        }
    }

    /**
     * A client that connects to {@code url}'s host only at the addresses the guard approved for it. One per host and
     * fetch: the segments of a download share it, and so its pooled connections (the pool matches a connection by
     * its DNS too). The transfer is told when each of its calls ends, so it holds only the calls under way.
     */
    private OkHttpClient pinnedClient(HttpUrl url, Transfer transfer) throws DownloadException {
        List<InetAddress> approved;
        try {
            approved = guard.check(url.host(), url.port());
        } catch (UnknownHostException e) {
            throw new DownloadException(FailureType.HOST_NOT_FOUND, "host " + url.host() + " does not resolve");
        } catch (BlockedAddressException e) {
            throw DownloadException.blockedAddress(url.host(), url.port(), e);
        }
        String host = url.host();
        return client.newBuilder()
                .dns(lookup -> {
                    if (!lookup.equalsIgnoreCase(host)) {
                        throw new UnknownHostException(lookup + " was not checked by the destination guard");
                    }
                    return approved;
                })
                .eventListener(new EventListener() {
                    @Override
                    public void callEnd(Call call) {
                        transfer.detach(call);
                    }

                    @Override
                    public void callFailed(Call call, IOException ioe) {
                        transfer.detach(call);
                    }
                })
                .build();
    }

    private HttpUrl nextHop(HttpUrl current, Response response, int hop) throws DownloadException {
        if (hop >= properties.maxRedirects()) {
            throw new DownloadException(FailureType.REDIRECT_REFUSED,
                    "more than " + properties.maxRedirects() + " redirects");
        }
        String location = response.header("Location");
        if (location == null || location.isBlank()) {
            throw new DownloadException(FailureType.ORIGIN_HTTP_STATUS,
                    "origin answered " + response.code() + " without a Location header");
        }
        HttpUrl next = current.resolve(location);
        if (next == null) {
            throw new DownloadException(FailureType.REDIRECT_REFUSED,
                    "redirect to an unsupported location: " + truncate(location));
        }
        return next;
    }

    /**
     * Whether the origin serves byte ranges of the file, of known length, sent as it is (no Content-Encoding), with a
     * validator that {@code If-Range} can hold every range to (a strong ETag or Last-Modified).
     */
    private static boolean rangeable(Response response, long length) {
        String encoding = response.header("Content-Encoding");
        return "bytes".equalsIgnoreCase(String.valueOf(response.header("Accept-Ranges")).strip())
                && length >= 0
                && (encoding == null || encoding.equalsIgnoreCase("identity"))
                && ifRangeOf(response) != null;
    }

    /** Whether a file served in ranges can come over several connections: it is at least two segments long. */
    private boolean segmentable(boolean rangeable, long length) {
        return rangeable && properties.connectionsPerJob() > 1 && length >= 2 * properties.minSegment().toBytes();
    }

    private static String ifRangeOf(Response response) {
        String etag = response.header("ETag");
        if (etag != null && !etag.startsWith("W/")) {
            return etag;
        }
        return response.header("Last-Modified");
    }

    /**
     * The body as one stream that turns into several connections if it proves slow ({@link SegmentingStream}): the
     * probe's own answer carries on as the first segment, each further connection asks for its range with
     * {@code If-Range}; an answer that is not the range asked for means the content changed (or the origin stopped
     * serving ranges) and fails the download rather than mixing files. Connections beyond the first count against
     * the host's limit, shared by all downloads.
     */
    private FetchedFile rampingUp(Sources sources, Probed probed, BodySink sink, ProgressListener progress,
            Transfer transfer, Checkpoints checkpoints) throws DownloadException {
        long length = probed.length();
        try (Segments segments = new Segments(sources, length, checkpoints, probed.from())) {
            SegmentingStream body = new SegmentingStream(resuming(probed.body(), probed.from(), length, sources),
                    probed.from(), length, 2 * properties.minSegment().toBytes(), properties.segmentAfter(),
                    properties.segmentBelow().toBytes(), segments);
            try {
                return stream(probed.whole(body), length, probed.name(), sink, progress, transfer);
            } catch (DownloadException e) {
                throw segments.failure() instanceof DownloadException cause ? cause : e;
            }
        }
    }

    /**
     * The first source's body, from byte {@code from}, which on a dropped connection asks again for the rest (Range, or
     * FTP's REST).
     */
    private static InputStream resuming(InputStream first, long from, long length, Sources sources) {
        return new ResumingStream(first, from, length, position -> sources.open(0, position, length, 0).body());
    }

    /**
     * How much a connection fetches at a time: {@code CHUNK_SEGMENTS} segments, or less for a checkpointed file, so
     * that its interval (all a download fetches beyond the last checkpoint) holds two chunks per connection.
     */
    private long chunkWithin(Checkpoints checkpoints) {
        long minSegment = properties.minSegment().toBytes();
        long chunk = CHUNK_SEGMENTS * minSegment;
        if (!checkpoints.any()) {
            return chunk;
        }
        return Math.max(minSegment, Math.min(chunk, checkpoints.interval() / (2L * properties.connectionsPerJob())));
    }

    /** The further connections of one download, once {@link SegmentingStream} asks for them. */
    private final class Segments implements SegmentingStream.Segmenter, AutoCloseable {

        private final Sources sources;
        private final String host;
        private final long length;
        private final Checkpoints checkpoints;
        private final long checkpointed;
        private SegmentedDownload download;
        private int extra;

        /** Of a file stored with {@code checkpoints}, the bytes before {@code checkpointed} an earlier lease's. */
        Segments(Sources sources, long length, Checkpoints checkpoints, long checkpointed) {
            this.sources = sources;
            this.host = sources.host(0);
            this.length = length;
            this.checkpoints = checkpoints;
            this.checkpointed = checkpointed;
        }

        @Override
        public InputStream continueFrom(InputStream probe, long position) throws IOException {
            long minSegment = properties.minSegment().toBytes();
            int wanted = (int) Math.min(properties.connectionsPerJob() - 1, (length - position) / minSegment - 1);
            extra = hostConnections.take(host, wanted);
            if (extra == 0) {
                return null;
            }
            sources.assignConnections(new int[] {1 + extra});
            log.info("{} is slow: {} more connections from byte {} of {}", host, extra, position, length);
            download = new SegmentedDownload(scratchDir, position, length, chunkWithin(checkpoints), minSegment,
                    sources);
            return download.start(probe, length, 1 + extra, checkpoints, checkpointed);
        }

        Throwable failure() {
            return download == null ? null : download.failure();
        }

        @Override
        public void close() {
            try {
                if (download != null) {
                    download.close();
                }
            } catch (IOException e) {
                log.warn("Scratch file of a segmented download not removed: {}", e.toString());
            } finally {
                hostConnections.giveBack(host, extra);
            }
        }
    }

    /**
     * The whole file over connections spread across the probed URL and its mirrors, from the probe's first byte on (0,
     * or where a checkpoint left off): the probe's answer is the first connection. Each source gets up to its share of
     * {@code connections-per-job}, within its host's limit; the connections are interleaved by source so that the
     * first chunks go to every source at once.
     */
    private FetchedFile fromSources(Sources sources, Probed probed, PieceHashes pieces, BodySink sink,
            ProgressListener progress, Transfer transfer, List<URI> bad, Checkpoints checkpoints)
            throws DownloadException {
        long length = probed.length();
        long minSegment = properties.minSegment().toBytes();
        long chunk = chunkWithin(checkpoints);
        if (pieces != null) {
            // chunks of whole pieces, so that a bad piece is most often one source's
            chunk = Math.max(1, Math.round((double) chunk / pieces.length())) * pieces.length();
        }
        int wanted = (int) Math.max(1, Math.min(properties.connectionsPerJob(), (length - probed.from()) / minSegment));
        int share = Math.max(1, (wanted + sources.size() - 1) / sources.size());
        int[] granted = new int[sources.size()];
        granted[0] = 1 + hostConnections.take(sources.host(0), share - 1);
        for (int i = 1; i < sources.size(); i++) {
            granted[i] = hostConnections.take(sources.host(i), share);
        }
        try (SegmentedDownload download = new SegmentedDownload(scratchDir, probed.from(), length, chunk, minSegment,
                sources, pieces)) {
            int count = sources.assignConnections(granted);
            InputStream ordered = download.start(probed.body(), probed.bodyEnd(), count, checkpoints, probed.from());
            try {
                return stream(probed.whole(ordered), length, probed.name(), sink, progress, transfer);
            } catch (DownloadException e) {
                throw download.failure() instanceof DownloadException cause ? cause : e;
            } finally {
                bad.addAll(sources.bad());
            }
        } catch (IOException e) {
            throw DownloadException.notStored("no scratch file for the segments", e);
        } finally {
            for (int i = 0; i < sources.size(); i++) {
                hostConnections.giveBack(sources.host(i), i == 0 ? granted[0] - 1 : granted[i]);
            }
        }
    }

    /**
     * The URLs one file comes from, by index (0 is the probed one), as {@link SegmentedDownload} uses them: which
     * source each connection reads, ranges asked with {@code If-Range} once a source's validator is known, sources
     * dropped when they fail, serve another length or bytes that do not match.
     */
    private final class Sources implements SegmentedDownload.Ranges {

        /**
         * One URL: where it leads now (after redirects; null for FTP), its validator, and whether it is still used.
         */
        private final class Source {
            final int index;
            final URI given;
            final String host;
            volatile HttpUrl url;
            volatile String validator;
            volatile String dropped;
            volatile boolean served;
            int strikes;

            Source(int index, URI given, HttpUrl url, String validator) {
                this.index = index;
                this.given = given;
                this.url = url;
                this.host = url == null ? FtpOrigin.hostKey(given) : hostKey(url);
                this.validator = validator;
            }
        }

        private final List<Source> sources = new ArrayList<>();
        private final List<URI> bad = new ArrayList<>();
        private final long length;
        private final Transfer transfer;
        private int[] home = new int[0];

        /** {@code probed} answered with the file ({@code probedHttp} is its HTTP form, null for FTP). */
        Sources(URI probed, HttpUrl probedHttp, String validator, List<URI> mirrors, long length, Transfer transfer) {
            this.length = length;
            this.transfer = transfer;
            sources.add(new Source(0, probed, probedHttp, validator));
            for (URI mirror : mirrors) {
                if (sources.size() == 63) {
                    break;
                }
                if ("ftp".equalsIgnoreCase(mirror.getScheme()) && mirror.getHost() != null) {
                    sources.add(new Source(sources.size(), mirror, null, null));
                    continue;
                }
                HttpUrl url = HttpUrl.parse(mirror.toString());
                if (url != null) {
                    sources.add(new Source(sources.size(), mirror, url, null));
                }
            }
        }

        int size() {
            return sources.size();
        }

        String host(int index) {
            return sources.get(index).host;
        }

        /** Each connection's source, interleaved: returns how many connections there are. */
        synchronized int assignConnections(int[] granted) {
            List<Integer> order = new ArrayList<>();
            int[] left = granted.clone();
            for (boolean more = true; more; ) {
                more = false;
                for (int i = 0; i < left.length; i++) {
                    if (left[i] > 0) {
                        order.add(i);
                        left[i]--;
                        more = true;
                    }
                }
            }
            home = order.stream().mapToInt(Integer::intValue).toArray();
            return home.length;
        }

        synchronized List<URI> bad() {
            return List.copyOf(bad);
        }

        /** The URLs that served bytes of the file and were not found serving others: {@code probed} among them. */
        synchronized List<URI> good(URI probed) {
            List<URI> good = new ArrayList<>();
            for (Source source : sources) {
                if ((source.index == 0 || source.served) && !bad.contains(source.given)) {
                    good.add(source.index == 0 ? probed : source.given);
                }
            }
            return good;
        }

        @Override
        public boolean usable(int source) {
            return sources.get(source).dropped == null;
        }

        /** The connection's own source if usable and not avoided, else another usable one, preferring unavoided. */
        private synchronized Source pick(int connection, long avoid) throws DownloadException {
            if (connection >= 0 && connection < home.length) {
                Source own = sources.get(home[connection]);
                if (own.dropped == null && (avoid & bit(own.index)) == 0) {
                    return own;
                }
            }
            List<Source> usable = sources.stream().filter(s -> s.dropped == null).toList();
            if (usable.isEmpty()) {
                if (sources.size() == 1) {
                    throw lastDrop;
                }
                StringBuilder why = new StringBuilder("every source of the file failed:");
                sources.forEach(s -> why.append(' ').append(s.host).append(" (").append(s.dropped).append(')'));
                throw new DownloadException(lastDrop.type(), why.toString(), lastDrop);
            }
            List<Source> fresh = usable.stream().filter(s -> (avoid & bit(s.index)) == 0).toList();
            List<Source> from = fresh.isEmpty() ? usable : fresh;
            return from.get(Math.floorMod(connection, from.size()));
        }

        private DownloadException lastDrop;

        private synchronized void drop(Source source, DownloadException why) {
            if (source.dropped != null) {
                return;
            }
            source.dropped = why.type().slug() + ": " + why.detail();
            lastDrop = why;
            if (why.type() == FailureType.HASH_MISMATCH) {
                bad.add(source.given);
            }
            log.info("Source {} dropped from a download: {}", source.host, source.dropped);
        }

        @Override
        public SegmentedDownload.Range open(int connection, long from, long to, long avoid)
                throws IOException, DownloadException {
            while (true) {
                Source source = pick(connection, avoid);
                try {
                    SegmentedDownload.Range range = new SegmentedDownload.Range(range(source, from, to), source.index);
                    source.served = true;
                    return range;
                } catch (DownloadException e) {
                    if (source.index == 0 && e.type() == FailureType.ORIGIN_CHANGED) {
                        throw e;
                    }
                    drop(source, e);
                }
            }
        }

        @Override
        public boolean giveUp(int index, IOException failure) {
            Source source = sources.get(index);
            synchronized (this) {
                if (sources.stream().noneMatch(s -> s != source && s.dropped == null)) {
                    return false;
                }
            }
            drop(source, new DownloadException(FailureType.NETWORK_ERROR, describe(failure), failure));
            return true;
        }

        /**
         * A bad piece: a source that wrote it alone serves other bytes and is dropped; several that wrote it share the
         * blame, and one blamed twice is dropped.
         */
        @Override
        public synchronized void blame(long writers, long piece) {
            for (Source source : sources) {
                if ((writers & bit(source.index)) == 0) {
                    continue;
                }
                if (writers == bit(source.index) || ++source.strikes >= 2) {
                    drop(source, new DownloadException(FailureType.HASH_MISMATCH,
                            "piece " + piece + " did not match its hash"));
                }
            }
        }

        private static long bit(int index) {
            return 1L << Math.min(index, 63);
        }

        /**
         * The bytes {@code [from, to)} from one source: a ranged request, held to the source's validator with
         * {@code If-Range} once known, redirects followed (each hop through the guard). A mirror's first answer must
         * be a range of a file of the same length; its validator is kept for the next.
         */
        private InputStream range(Source source, long from, long to) throws IOException, DownloadException {
            if (source.url == null) {
                return ftpRange(source, from);
            }
            HttpUrl url = source.url;
            for (int hop = 0; ; hop++) {
                String validator = source.validator;
                Map<String, String> headers = validator == null
                        ? Map.of("Range", "bytes=" + from + "-" + (to - 1))
                        : Map.of("Range", "bytes=" + from + "-" + (to - 1), "If-Range", validator);
                Response response = call(url, null, transfer, headers);
                try {
                    if (REDIRECTS.contains(response.code())) {
                        url = nextHop(url, response, hop);
                        response.close();
                        continue;
                    }
                    if (response.code() == 200) {
                        throw validator == null
                                ? new DownloadException(FailureType.ORIGIN_HTTP_STATUS, "serves no ranges")
                                : new DownloadException(FailureType.ORIGIN_CHANGED, "the origin's content changed "
                                        + "during the download (a range asked with If-Range " + validator
                                        + " was answered with the whole file)");
                    }
                    if (response.code() != 206) {
                        if (response.code() >= 400 && response.code() < 500 && response.code() != 429) {
                            throw new DownloadException(FailureType.ORIGIN_HTTP_STATUS,
                                    "answered " + response.code() + " to a range request");
                        }
                        throw new IOException("origin answered " + response.code() + " to a range request");
                    }
                    checkRange(response, from, source.index == 0 ? -1 : length);
                    if (validator == null) {
                        source.validator = ifRangeOf(response);
                    }
                    source.url = url;
                    return response.body().byteStream();
                } catch (IOException | DownloadException | RuntimeException e) {
                    response.close();
                    throw e;
                }
            }
        }

        /**
         * The bytes from {@code from} of an FTP source (the reader stops at its segment's end, which ends the
         * session): a session opened with {@code REST}, held to the source's size and modification time once known.
         * A mirror must be a file of the same, known, length.
         */
        private InputStream ftpRange(Source source, long from) throws IOException, DownloadException {
            FtpOrigin.Opened opened = ftp.open(source.given, from, source.validator);
            if (source.validator == null) {
                if (opened.size() != length) {
                    opened.body().close();
                    throw new DownloadException(FailureType.HASH_MISMATCH, "serves another file: " + opened.size()
                            + " bytes where the file has " + length);
                }
                source.validator = opened.validator();
            }
            return transfer.attach(opened.body());
        }
    }

    /**
     * A 206 must be the range asked for, as sent (no Content-Encoding); with {@code length} at least 0, of a file of
     * that length (a mirror serving another file is not used).
     */
    private static void checkRange(Response response, long from, long length) throws DownloadException {
        String encoding = response.header("Content-Encoding");
        String contentRange = String.valueOf(response.header("Content-Range"));
        if (encoding != null && !encoding.equalsIgnoreCase("identity")
                || !contentRange.startsWith("bytes " + from + "-")) {
            throw new DownloadException(FailureType.ORIGIN_HTTP_STATUS, "origin answered a range request for "
                    + "bytes " + from + "- with " + truncate(contentRange) + (encoding == null ? "" : " encoded "
                    + truncate(encoding)));
        }
        if (length >= 0 && !contentRange.endsWith("/" + length)) {
            throw new DownloadException(FailureType.HASH_MISMATCH, "serves another file: " + truncate(contentRange)
                    + " where the file has " + length + " bytes");
        }
    }

    private static String hostKey(HttpUrl url) {
        return url.host() + ":" + url.port();
    }

    private FetchedFile stream(InputStream body, long contentLength, String name, BodySink sink,
            ProgressListener progress, Transfer transfer) throws DownloadException {
        OriginStream origin = OriginStream.of(body, progress, contentLength, transfer.clock);
        try {
            sink.store(origin, contentLength);
        } catch (Exception e) {
            if (origin.readFailure() != null) {
                throw transfer.explain(origin.readFailure(), null);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // a sink may refuse the body itself (too large for it, say), and say why
            if (e instanceof DownloadException refused) {
                throw refused;
            }
            if (e.getCause() instanceof DownloadException refused) {
                throw refused;
            }
            throw DownloadException.notStored("upload failed", e);
        }
        if (origin.readFailure() != null) {
            throw transfer.explain(origin.readFailure(), null);
        }
        if (contentLength >= 0 && origin.bytesRead() != contentLength) {
            throw new DownloadException(FailureType.NETWORK_ERROR,
                    "origin announced " + contentLength + " bytes but sent " + origin.bytesRead());
        }
        ContentDigests.Digested digested = origin.digest();
        return new FetchedFile(name, digested.size(), digested.sha256(), digested.ed2k(), digested.crc32());
    }

    private static DownloadException classify(IOException e, HttpUrl url) {
        return classifyAt(e, url == null ? "the origin" : url.host() + ":" + url.port());
    }

    private static DownloadException classifyAt(IOException e, String where) {
        if (e.getCause() instanceof DownloadException known) {
            return known;
        }
        return switch (e) {
            case UnknownHostException ignored ->
                    new DownloadException(FailureType.HOST_NOT_FOUND, "host " + where + " does not resolve");
            case ConnectException ignored ->
                    new DownloadException(FailureType.CONNECTION_REFUSED, where + " refused the connection");
            case SocketTimeoutException ignored ->
                    new DownloadException(FailureType.TIMEOUT, where + " did not answer in time");
            case InterruptedIOException ignored ->
                    new DownloadException(FailureType.TIMEOUT, where + " did not answer in time");
            default -> new DownloadException(FailureType.NETWORK_ERROR,
                    "network error talking to " + where + ": " + describe(e), e);
        };
    }

    /** Stops the throughput checks; fetches still running lose their guard. */
    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /**
     * One fetch, across its redirects, under the throughput floor and the stall timeout: a watchdog samples the bytes
     * read so far and gives the origin up — cancels the calls under way and closes the FTP streams, which also ends a
     * read blocked on it — when nothing arrived for the stall timeout ({@code stalled}), or when the average over the
     * window falls below the floor ({@code timeout}). Both are measured in time spent waiting on the origin
     * ({@link OriginClock}), not wall time: while the sink is busy elsewhere (uploading a part to S3) the origin is not
     * being asked for anything, so that time is not held against it.
     */
    private final class Transfer implements AutoCloseable {

        final OriginClock clock = new OriginClock();
        private final ThroughputFloor floor;
        private final StallWatch stall;
        private final ScheduledFuture<?> checks;
        private volatile long bytes;
        private long lastChecked;
        /** The calls under way: its hops one after another, or its segments at once. */
        private final Set<Call> calls = new HashSet<>();
        /** The FTP streams open: closed when the origin is given up, as the calls are cancelled. */
        private final Set<Closeable> streams = new HashSet<>();
        /** Clients pinned to the guard's approved addresses, by host and port, for this fetch. */
        private final Map<String, OkHttpClient> pinned = new ConcurrentHashMap<>();
        /** Why the origin was given up ({@code stalled} or {@code timeout}), or null while it is not. */
        private FailureType gaveUp;

        Transfer() {
            long minimum = properties.minThroughput().toBytes();
            long window = properties.throughputWindow().toNanos();
            long stallNanos = stallTimeout.toNanos();
            long shortest = Math.min(minimum == 0 ? Long.MAX_VALUE : window, stallNanos == 0 ? Long.MAX_VALUE
                    : stallNanos);
            long tick = Math.max(shortest / 20, TimeUnit.MILLISECONDS.toNanos(10));
            floor = minimum == 0 ? null : new ThroughputFloor(minimum, window, 0);
            stall = stallNanos == 0 ? null : new StallWatch(stallNanos, tick, System.nanoTime());
            checks = floor == null && stall == null ? null
                    : watchdog.scheduleAtFixedRate(this::check, tick, tick, TimeUnit.NANOSECONDS);
        }

        ProgressListener counting(ProgressListener progress) {
            return (delta, done, total) -> {
                bytes = done;
                progress.bytesRead(delta, done, total);
            };
        }

        OkHttpClient pinnedFor(HttpUrl url) {
            return pinned.get(hostKey(url));
        }

        OkHttpClient pin(HttpUrl url, OkHttpClient client) {
            OkHttpClient earlier = pinned.putIfAbsent(hostKey(url), client);
            return earlier == null ? client : earlier;
        }

        synchronized void detach(Call call) {
            calls.remove(call);
        }

        synchronized void attach(Call next) {
            calls.add(next);
            if (gaveUp != null) {
                next.cancel();
            }
        }

        /** An FTP stream, closed should the origin be given up while it is open (or at once, if it was). */
        InputStream attach(InputStream body) {
            synchronized (this) {
                if (gaveUp == null) {
                    streams.add(body);
                    return new FilterInputStream(body) {
                        @Override
                        public void close() throws IOException {
                            synchronized (Transfer.this) {
                                streams.remove(body);
                            }
                            super.close();
                        }
                    };
                }
            }
            closeQuietly(body);
            return body;
        }

        /** Runs on the watchdog thread only, one tick at a time. */
        private void check() {
            long now = System.nanoTime();
            long waited = clock.elapsed(now);
            long read = bytes;
            if (stall != null && stall.stalled(now, waited, read)) {
                giveUp(FailureType.STALLED);
                return;
            }
            if (floor == null || waited == lastChecked) {
                // nobody waits on the origin (the sink is busy): nothing to judge it by, and no sample to keep
                return;
            }
            lastChecked = waited;
            if (floor.tooSlow(waited, read)) {
                giveUp(FailureType.TIMEOUT);
            }
        }

        private void giveUp(FailureType why) {
            List<Closeable> open;
            synchronized (this) {
                gaveUp = why;
                calls.forEach(Call::cancel);
                open = List.copyOf(streams);
            }
            checks.cancel(false);
            open.forEach(this::closeQuietly);
        }

        private void closeQuietly(Closeable stream) {
            try {
                stream.close();
            } catch (IOException e) {
                log.debug("FTP stream not closed cleanly: {}", e.toString());
            }
        }

        /** The failure behind {@code e}: the watchdog's verdict when it gave the origin up, else the network's. */
        DownloadException explain(IOException e, HttpUrl url) {
            FailureType verdict;
            synchronized (this) {
                verdict = gaveUp;
            }
            if (verdict == FailureType.STALLED) {
                return new DownloadException(FailureType.STALLED, "nothing arrived from the origin for "
                        + describe(stallTimeout) + " spent waiting on it; gave up after " + bytes + " bytes", e);
            }
            if (verdict == FailureType.TIMEOUT) {
                return new DownloadException(FailureType.TIMEOUT, "origin sent " + floor.lastBytesPerSecond()
                        + " bytes/s averaged over " + describe(properties.throughputWindow())
                        + " spent waiting on it, below the minimum of "
                        + properties.minThroughput().toBytes() + " bytes/s; gave up after " + bytes + " bytes", e);
            }
            return classify(e, url);
        }

        @Override
        public void close() {
            if (checks != null) {
                checks.cancel(false);
            }
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String reasonPhrase(Response response) {
        if (!response.message().isBlank()) {
            return response.message();
        }
        HttpStatus known = HttpStatus.resolve(response.code());
        return known == null ? "" : known.getReasonPhrase();
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String truncate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
