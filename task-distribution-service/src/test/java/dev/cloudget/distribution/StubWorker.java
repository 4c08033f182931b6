package dev.cloudget.distribution;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in worker on loopback: answers {@code POST /internal/jobs} with a fixed status, optionally only
 * after a delay, and keeps the bodies.
 */
final class StubWorker implements AutoCloseable {

    private final HttpServer server;
    private final List<String> assignments = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private StubWorker(int status, Duration answerAfter) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/internal/jobs", exchange -> {
            try (exchange) {
                assignments.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                closing.await(answerAfter.toMillis(), TimeUnit.MILLISECONDS);
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    static StubWorker accepting() throws IOException {
        return new StubWorker(202, Duration.ZERO);
    }

    static StubWorker full() throws IOException {
        return new StubWorker(409, Duration.ZERO);
    }

    /** Takes the job, but its 202 comes only after {@code delay} (or when closed). */
    static StubWorker acceptingLate(Duration delay) throws IOException {
        return new StubWorker(202, delay);
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> assignments() {
        return assignments;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
