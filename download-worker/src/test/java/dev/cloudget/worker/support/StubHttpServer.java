package dev.cloudget.worker.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny real HTTP server on loopback for origins and stand-in services; counts hits and keeps bodies. */
public final class StubHttpServer implements AutoCloseable {

    /** Answers one exchange. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws Exception;
    }

    /** The exchange attribute holding the request body (read before the handler runs), as text. */
    public static final String BODY = "stub.body";

    private final HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    private StubHttpServer(HttpServer server) {
        this.server = server;
    }

    public static StubHttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return new StubHttpServer(server);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public StubHttpServer on(String path, Handler handler) {
        server.createContext(path, exchange -> {
            hits.computeIfAbsent(path, ignored -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (body.length > 0) {
                    bodies.add(new String(body, StandardCharsets.UTF_8));
                }
                exchange.setAttribute(BODY, new String(body, StandardCharsets.UTF_8));
                handler.handle(exchange);
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    public List<String> bodies() {
        return bodies;
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
