package dev.cloudget.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server (the JDK's) for client tests: serves one file at {@code /file} the way an entry address
 * does (ETag, {@code Range: bytes=N-}, {@code If-Range}), plus any JSON a test puts at a path. It records what it
 * was asked and how many file bytes it sent, and can drop a connection mid-body once.
 */
public final class RangeFileServer implements AutoCloseable {

    private static final Pattern OPEN_RANGE = Pattern.compile("bytes=(\\d+)-");

    /** One request as the server saw it. */
    public record Seen(String method, String path, String range, String ifRange, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicLong fileBytesSent = new AtomicLong();
    private volatile byte[] content = new byte[0];
    private volatile String etag = "\"v1\"";
    private volatile long dropAfter = -1;

    public RangeFileServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/file", this::serveFile);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
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

    /** Answer {@code path} with {@code status} and a JSON body of {@code contentType}. */
    public RangeFileServer json(String path, int status, String contentType, String body) {
        server.createContext(path, exchange -> {
            record(exchange);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        return this;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public long fileBytesSent() {
        return fileBytesSent.get();
    }

    private void serveFile(HttpExchange exchange) throws IOException {
        Seen request = record(exchange);
        byte[] file = content;
        int from = 0;
        int status = 200;
        if (request.range() != null && (request.ifRange() == null || request.ifRange().equals(etag))) {
            Matcher range = OPEN_RANGE.matcher(request.range());
            if (!range.matches()) {
                throw new IllegalStateException("the client sends only open ranges: " + request.range());
            }
            from = Integer.parseInt(range.group(1));
            if (from >= file.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + file.length);
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            status = 206;
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + from + "-" + (file.length - 1) + "/" + file.length);
        }
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        int length = file.length - from;
        exchange.sendResponseHeaders(status, length);
        long drop = dropAfter;
        dropAfter = -1;
        int sending = drop >= 0 ? (int) Math.min(drop, length) : length;
        OutputStream out = exchange.getResponseBody();
        out.write(file, from, sending);
        out.flush();
        fileBytesSent.addAndGet(sending);
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
                headers.getFirst("Range"), headers.getFirst("If-Range"), headers.getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        seen.add(request);
        return request;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
