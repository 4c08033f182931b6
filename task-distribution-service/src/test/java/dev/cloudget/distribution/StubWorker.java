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
 * A stand-in worker on loopback: answers {@code POST /internal/jobs} as its script says (a status, optionally
 * only after a delay), and keeps the bodies.
 */
final class StubWorker implements AutoCloseable {

    /** How one offer is answered. */
    record Answer(int status, Duration after) {

        static Answer now(int status) {
            return new Answer(status, Duration.ZERO);
        }

        static Answer late(int status, Duration after) {
            return new Answer(status, after);
        }
    }

    /** Decides the answer to offer number {@code attempt} (from 0), whose body is {@code body}. */
    @FunctionalInterface
    interface Script {
        Answer answer(int attempt, String body) throws Exception;
    }

    private final HttpServer server;
    private final List<String> assignments = new CopyOnWriteArrayList<>();
    private final List<String> drains = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private StubWorker(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/internal/jobs", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int attempt;
                synchronized (assignments) {
                    attempt = assignments.size();
                    assignments.add(body);
                }
                Answer answer = script.answer(attempt, body);
                closing.await(answer.after().toMillis(), TimeUnit.MILLISECONDS);
                exchange.sendResponseHeaders(answer.status(), -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        server.createContext("/internal/drain", exchange -> {
            try (exchange) {
                drains.add(exchange.getRequestMethod());
                exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 202 : 204, -1);
            }
        });
        server.start();
    }

    static StubWorker accepting() throws IOException {
        return answering(Answer.now(202));
    }

    static StubWorker full() throws IOException {
        return answering(Answer.now(409));
    }

    /** Answers the offers in this order, the last answer to every later offer. */
    static StubWorker answering(Answer... answers) throws IOException {
        return new StubWorker((attempt, body) -> answers[Math.min(attempt, answers.length - 1)]);
    }

    static StubWorker answering(Script script) throws IOException {
        return new StubWorker(script);
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<String> assignments() {
        return assignments;
    }

    /** The methods of the drain requests it got: POST to drain, DELETE to take jobs again. */
    List<String> drains() {
        return drains;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
