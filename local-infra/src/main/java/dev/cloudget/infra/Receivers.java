package dev.cloudget.infra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-ins for the receivers of notifications, on loopback: the SMS provider ({@code POST /sms}, where
 * task-management's generic SMS gateway is pointed) and webhook receivers ({@code POST /hooks/<name>}). Every request
 * is recorded; a path told to fail answers 503 that many times first.
 */
public final class Receivers implements AutoCloseable {

    /** One request as it arrived. */
    public record Received(String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final HttpServer server;

    private Receivers(HttpServer server) {
        this.server = server;
        server.createContext("/", this::receive);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public static Receivers start() {
        try {
            return new Receivers(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The next {@code times} requests to {@code path} are answered 503. */
    public void failNext(String path, int times) {
        failures.put(path, new AtomicInteger(times));
    }

    public List<Received> to(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestURI().getPath(), headers, body));
            AtomicInteger failing = failures.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(failing != null && failing.getAndDecrement() > 0 ? 503 : 200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
