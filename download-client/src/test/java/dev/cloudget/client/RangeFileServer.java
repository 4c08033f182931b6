package dev.cloudget.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server (the JDK's) for client tests: serves one file at {@code /file} the way an entry address
 * does (ETag, single ranges {@code bytes=a-b} and {@code bytes=a-}, {@code If-Range}), plus any JSON or handler a test
 * puts at a path. Requests are served concurrently. It records what it was asked, how many file bytes it sent and how
 * many file requests were in flight at once; it can drop a connection mid-body once, or cut every transfer off once a
 * number of file bytes went out (a link that went down).
 */
public final class RangeFileServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    /** One request as the server saw it. */
    public record Seen(String method, String path, String query, String range, String ifRange, String authorization,
            String contentType, String idempotencyKey, String lastEventId, String body) {
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicLong fileBytesSent = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile byte[] content = new byte[0];
    private volatile String etag = "\"v1\"";
    private volatile long dropAfter = -1;
    private volatile long cutOffAt = -1;

    public RangeFileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/file", this::serveFile);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public RangeFileServer file(byte[] content, String etag) {
        this.content = content;
        this.etag = etag;
        return this;
    }

    /** The next file response declares its full length but closes the connection after {@code bytes}. */
    public void dropNextResponseAfter(long bytes) {
        dropAfter = bytes;
    }

    /**
     * Once {@code bytes} file bytes in all went out, every transfer under way breaks off and every later file request
     * is answered 403 (negative: never).
     */
    public void cutOffAfter(long bytes) {
        cutOffAt = bytes;
    }

    /** Answer {@code path} with {@code status} and a JSON body of {@code contentType}. */
    public RangeFileServer json(String path, int status, String contentType, String body) {
        return handle(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    /** Answer {@code path} (and what is under it) with {@code handler}; the request is recorded first. */
    public RangeFileServer handle(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            record(exchange);
            handler.handle(exchange);
        });
        return this;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public List<Seen> seen(String path) {
        return seen.stream().filter(request -> request.path().equals(path)).toList();
    }

    public long fileBytesSent() {
        return fileBytesSent.get();
    }

    /** The most file requests that were being answered at one time. */
    public int mostFileRequestsAtOnce() {
        return mostInFlight.get();
    }

    private void serveFile(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            serve(exchange, record(exchange));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void serve(HttpExchange exchange, Seen request) throws IOException {
        byte[] file = content;
        if (cutOffAt >= 0 && fileBytesSent.get() >= cutOffAt) {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
            return;
        }
        int from = 0;
        int to = file.length;
        int status = 200;
        if (request.range() != null && (request.ifRange() == null || request.ifRange().equals(etag))) {
            Matcher range = RANGE.matcher(request.range());
            if (!range.matches()) {
                throw new IllegalStateException("the client sends only single ranges: " + request.range());
            }
            from = Integer.parseInt(range.group(1));
            to = range.group(2).isEmpty() ? file.length : Math.min(file.length, Integer.parseInt(range.group(2)) + 1);
            if (from >= file.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + file.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            status = 206;
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + file.length);
        }
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        int length = to - from;
        exchange.sendResponseHeaders(status, length);
        long drop = dropAfter;
        dropAfter = -1;
        int sending = drop >= 0 ? (int) Math.min(drop, length) : length;
        OutputStream out = exchange.getResponseBody();
        for (int at = from; at < from + sending; ) {
            int chunk = Math.min(16 * 1024, from + sending - at);
            if (cutOffAt >= 0) {
                long left = cutOffAt - fileBytesSent.get();
                if (left <= 0) {
                    exchange.close();
                    return;
                }
                chunk = (int) Math.min(chunk, left);
            }
            out.write(file, at, chunk);
            out.flush();
            fileBytesSent.addAndGet(chunk);
            at += chunk;
        }
        if (sending < length) {
            // closing the connection under the client, short of the declared length, is what a dropped link looks like
            exchange.close();
            return;
        }
        out.close();
    }

    private Seen record(HttpExchange exchange) throws IOException {
        var headers = exchange.getRequestHeaders();
        Seen request = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers.getFirst("Range"), headers.getFirst("If-Range"),
                headers.getFirst("Authorization"), headers.getFirst("Content-Type"),
                headers.getFirst("Idempotency-Key"), headers.getFirst("Last-Event-ID"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        seen.add(request);
        return request;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
