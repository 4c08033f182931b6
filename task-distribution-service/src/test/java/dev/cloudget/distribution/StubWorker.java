package dev.cloudget.distribution;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A stand-in worker on loopback: answers {@code POST /internal/jobs} with a fixed status and keeps the bodies. */
final class StubWorker implements AutoCloseable {

    private final HttpServer server;
    private final List<String> assignments = new CopyOnWriteArrayList<>();

    private StubWorker(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/internal/jobs", exchange -> {
            try (exchange) {
                assignments.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    static StubWorker accepting() throws IOException {
        return new StubWorker(202);
    }

    static StubWorker full() throws IOException {
        return new StubWorker(409);
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> assignments() {
        return assignments;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
