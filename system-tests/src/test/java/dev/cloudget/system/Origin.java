package dev.cloudget.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outside world's HTTP server, on loopback: serves random files under {@code /files/<name>} from disk
 * and counts every request per path, so tests can tell whether the cloud went back to the origin. Each file has
 * a strong {@code ETag} (from its SHA-256) and answers a matching {@code If-None-Match} with {@code 304}; a file
 * may be served with a {@code Cache-Control} of the test's choosing. Single byte ranges are served (with
 * {@code If-Range}), as nginx does. The body bytes sent per path are counted too. Under {@code /paced/files/<name>}
 * the same files are served, ranges too, with every paced request together held to {@link #PACE} bytes per second (a
 * link's bandwidth, which more connections do not widen); under {@code /trickle/files/<name>} the same over a link of
 * {@link #TRICKLE} bytes per second.
 */
final class Origin implements AutoCloseable {

    record ServedFile(Path path, long size, String sha256, String cacheControl, String contentType) {

        ServedFile(Path path, long size, String sha256, String cacheControl) {
            this(path, size, sha256, cacheControl, "application/octet-stream");
        }

        String etag() {
            return "\"" + sha256.substring(0, 32) + "\"";
        }
    }

    /** Bytes per second all requests under {@code /paced/} share. */
    static final long PACE = 48L << 20;
    /** Bytes per second all requests under {@code /trickle/} share. */
    static final long TRICKLE = 8L << 20;

    private final HttpServer server;
    private final Link paced = new Link(PACE);
    private final Link trickle = new Link(TRICKLE);
    private final Path dir;
    private final Map<String, ServedFile> files = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** Requests for the whole file (no Range), per path. */
    private final Map<String, AtomicInteger> wholeRequests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> notModified = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bodyBytes = new ConcurrentHashMap<>();

    private Origin(HttpServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    static Origin start(Path dir) throws IOException {
        Files.createDirectories(dir);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        Origin origin = new Origin(server, dir);
        server.createContext("/", origin::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return origin;
    }

    /** Writes {@code size} random bytes (from {@code seed}) to be served at {@code /files/<name>}. */
    ServedFile serve(String name, long size, long seed) {
        return serve(name, size, seed, null);
    }

    /** As {@link #serve(String, long, long)}, answered with {@code cacheControl} (null: none). */
    ServedFile serve(String name, long size, long seed, String cacheControl) {
        Path path = dir.resolve(name);
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(path), sha256())) {
            Random random = new Random(seed);
            byte[] chunk = new byte[1 << 20];
            long left = size;
            MessageDigest digest = ((DigestOutputStream) out).getMessageDigest();
            while (left > 0) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
            ServedFile file = new ServedFile(path, size, HexFormat.of().formatHex(digest.digest()), cacheControl);
            files.put(name, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serves at {@code /files/<name>} a copy of {@code original} with one byte changed in every {@code every} bytes:
     * the same length, other bytes (a mirror gone bad). Its ETag is its own.
     */
    ServedFile serveCorrupted(String name, ServedFile original, int every) {
        try {
            byte[] bytes = Files.readAllBytes(original.path());
            for (int at = every / 2; at < bytes.length; at += every) {
                bytes[at] ^= 0x5a;
            }
            return serveBytes(name, bytes, "application/octet-stream");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code bytes} at {@code /files/<name>} as {@code contentType}. */
    ServedFile serveBytes(String name, byte[] bytes, String contentType) {
        Path path = dir.resolve(name);
        try {
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServedFile file = new ServedFile(path, bytes.length, HexFormat.of().formatHex(sha256().digest(bytes)), null,
                contentType);
        files.put(name, file);
        return file;
    }

    /** {@code [from, to)} of a single {@code Range: bytes=a-b} (or {@code a-}) the request asks for, else null. */
    private static long[] rangeOf(HttpExchange exchange, ServedFile file) {
        String range = exchange.getRequestHeaders().getFirst("Range");
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        if (range == null || !range.startsWith("bytes=") || range.contains(",")
                || ifRange != null && !ifRange.equals(file.etag())) {
            return null;
        }
        String[] ends = range.substring("bytes=".length()).split("-", -1);
        long from = Long.parseLong(ends[0].strip());
        long to = ends[1].isBlank() ? file.size() : Math.min(file.size(), Long.parseLong(ends[1].strip()) + 1);
        return from < to ? new long[] {from, to} : null;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    int requestsFor(String path) {
        AtomicInteger count = requests.get(path);
        return count == null ? 0 : count.get();
    }

    /**
     * How many requests for {@code path} asked for the whole file (no {@code Range}): how often it was downloaded, the
     * further connections of a segmented download asking for ranges of it.
     */
    int downloadsOf(String path) {
        AtomicInteger count = wholeRequests.get(path);
        return count == null ? 0 : count.get();
    }

    /** How many requests for {@code path} were answered {@code 304 Not Modified}. */
    int notModifiedFor(String path) {
        AtomicInteger count = notModified.get(path);
        return count == null ? 0 : count.get();
    }

    /** How many body bytes were sent for {@code path}, over all its requests. */
    long bodyBytesFor(String path) {
        AtomicLong count = bodyBytes.get(path);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (exchange.getRequestHeaders().getFirst("Range") == null) {
                wholeRequests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            }
            // /slow/files/<name>: the same file at about 4 MiB/s, without ranges (one stream, for long downloads)
            boolean slow = path.startsWith("/slow/");
            Link link = path.startsWith("/paced/") ? paced : path.startsWith("/trickle/") ? trickle : null;
            String served = slow ? path.substring("/slow".length())
                    : link != null ? path.substring(path.indexOf('/', 1)) : path;
            ServedFile file = served.startsWith("/files/") ? files.get(served.substring("/files/".length())) : null;
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("ETag", file.etag());
            if (file.cacheControl() != null) {
                exchange.getResponseHeaders().add("Cache-Control", file.cacheControl());
            }
            if (file.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", file.contentType());
            if (!slow) {
                exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
            }
            long[] range = slow ? null : rangeOf(exchange, file);
            if (range == null) {
                exchange.sendResponseHeaders(200, file.size());
            } else {
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + range[0] + "-" + (range[1] - 1) + "/" + file.size());
                exchange.sendResponseHeaders(206, range[1] - range[0]);
            }
            long from = range == null ? 0 : range[0];
            long count = range == null ? file.size() : range[1] - range[0];
            long left = count;
            try (InputStream in = Files.newInputStream(file.path()); OutputStream out = exchange.getResponseBody()) {
                in.skipNBytes(from);
                byte[] buffer = new byte[64 * 1024];
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                    bodyBytes.computeIfAbsent(path, p -> new AtomicLong()).addAndGet(n);
                    if (slow) {
                        throttle();
                    } else if (link != null) {
                        link.carry(n);
                    }
                }
            } catch (IOException e) {
                // what a client that went away had been sent: what it left in its socket is served all the same
                System.out.printf("[origin] %s from byte %d: the client went away after %d of %d bytes%n", path, from,
                        count - left, count);
                throw e;
            }
        }
    }

    /** A server that throttles: ~16 ms per 64 KiB (its pause, not a test waiting). */
    private static void throttle() throws IOException {
        try {
            java.util.concurrent.TimeUnit.MILLISECONDS.sleep(16);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("origin stopped");
        }
    }

    /** A link of so many bytes per second that every request over it shares. */
    private static final class Link {

        private final long bytesPerSecond;
        /** When the next byte may leave ({@link System#nanoTime}). */
        private long next;

        Link(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        /** Holds {@code bytes} just sent: the link is busy until they would have gone through it. */
        void carry(int bytes) {
            long due;
            synchronized (this) {
                next = Math.max(next, System.nanoTime()) + bytes * 1_000_000_000L / bytesPerSecond;
                due = next;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
