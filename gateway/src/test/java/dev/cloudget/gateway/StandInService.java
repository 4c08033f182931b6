package dev.cloudget.gateway;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A service behind the gateway, for its tests: answers 200 with every header it got, one "name: value" per line (500
 * for a path that ends in {@code /500}), and records the path of each request it received and the length of each body
 * it read to the end.
 */
final class StandInService implements AutoCloseable {

    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<Long> bodiesRead = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private StandInService(HttpServer server) {
        this.server = server;
    }

    static StandInService start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StandInService service = new StandInService(server);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            service.paths.add(exchange.getRequestURI().getRawPath());
            try (InputStream body = exchange.getRequestBody()) {
                service.bodiesRead.add(body.transferTo(OutputStream.nullOutputStream()));
            }
            String echo = exchange.getRequestHeaders().entrySet().stream()
                    .flatMap(header -> header.getValue().stream()
                            .map(value -> header.getKey().toLowerCase(Locale.ROOT) + ": " + value))
                    .collect(Collectors.joining("\n"));
            byte[] answer = echo.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/500") ? 500 : 200,
                    answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return service;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void forget() {
        paths.clear();
        bodiesRead.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
