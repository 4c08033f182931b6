package dev.cloudget.tasks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMS provider ({@code POST /sms}) and webhook receivers ({@code POST /hooks/<name>}) on loopback, recording every
 * request; a receiver told to fail answers 503 that many times first.
 */
final class Receivers implements AutoCloseable {

    /** One request as it arrived. */
    record Received(String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    /** Path → how many more requests to it are answered 503. */
    final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final HttpServer server;

    private Receivers(HttpServer server) {
        this.server = server;
        server.createContext("/", this::receive);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static Receivers start() {
        try {
            return new Receivers(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> to(String path) {
        return received.stream().filter(request -> request.path().equals(path)).toList();
    }

    private void receive(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(path, headers, body));
        AtomicInteger failing = failures.get(path);
        int status = failing != null && failing.getAndDecrement() > 0 ? 503 : 200;
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
