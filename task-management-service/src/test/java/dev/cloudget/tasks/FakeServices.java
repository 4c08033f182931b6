package dev.cloudget.tasks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.links.ClassifyLink;
import dev.cloudget.contracts.seeds.SeedSummary;
import dev.cloudget.contracts.source.Ed2kHash;
import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.MagnetLinks;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.storage.CreateFileEntries;
import dev.cloudget.contracts.storage.ExtendFileEntries;
import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.FileEntriesMinted;
import dev.cloudget.contracts.storage.FileEntry;
import dev.cloudget.contracts.web.Problems;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The internal endpoints of protocol-conversion-service and storage-service, as a tiny HTTP server on
 * loopback: in reality those are other processes, with their own tests.
 */
final class FakeServices implements AutoCloseable {

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    /** Content storage "no longer holds": file entries for it answer 404 content-expired. */
    final Set<ContentHash> goneContent = ConcurrentHashMap.newKeySet();
    /** Every entry request, repeats included. */
    final List<CreateFileEntry> createdEntries = new CopyOnWriteArrayList<>();
    /** The entries minted, by id: a repeated request answers the same one, as storage-service does. */
    final Map<UUID, CreateFileEntry> entries = new ConcurrentHashMap<>();
    /** Every extension asked of storage. */
    final List<ExtendFileEntries> extensions = new CopyOnWriteArrayList<>();
    /** The entries storage revoked (answered 204 for). */
    final List<UUID> revokedEntries = new CopyOnWriteArrayList<>();
    /** Every revocation request, answered or not. */
    final List<UUID> revocationRequests = new CopyOnWriteArrayList<>();
    /** Entries whose revocation storage answers with 503, as if it were down. */
    final Set<UUID> revocationsDownFor = ConcurrentHashMap.newKeySet();
    /** Entries whose revocation storage answers only once the latch is released: a slow storage. */
    final Map<UUID, CountDownLatch> revocationsHeldFor = new ConcurrentHashMap<>();
    /** Owners whose entry requests storage refuses with the given status (neither 404 nor 409). */
    final Map<String, Integer> refusedFor = new ConcurrentHashMap<>();
    /** Owners whose entry requests storage answers only once the latch is released: a slow storage. */
    final Map<String, CountDownLatch> mintsHeldFor = new ConcurrentHashMap<>();
    /** How many entry requests are being held right now. */
    final AtomicInteger mintsBeingHeld = new AtomicInteger();
    /** Owners whose entry requests storage answers with 503, as if it were down. */
    final Set<String> unavailableFor = ConcurrentHashMap.newKeySet();
    /** Owners whose entry requests are carried out but answered with 503, as if every answer were lost. */
    final Set<String> answersLostFor = ConcurrentHashMap.newKeySet();

    /** The torrents the seed database holds, by seed id. */
    final Map<String, SeedSummary> seeds = new ConcurrentHashMap<>();

    private FakeServices(HttpServer server) {
        this.server = server;
        server.createContext("/internal/links", this::classify);
        server.createContext("/internal/files", this::files);
        server.createContext("/internal/seeds/", this::seeds);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static FakeServices start() {
        try {
            return new FakeServices(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void classify(HttpExchange exchange) throws IOException {
        ClassifyLink request = json.readValue(exchange.getRequestBody().readAllBytes(), ClassifyLink.class);
        String link = request.link().strip();
        if (MagnetLinks.isMagnet(link)) {
            MagnetSource magnet = MagnetLinks.parse(link);
            send(exchange, 200, new ClassifiedLink("magnet", magnet, magnet.key()));
            return;
        }
        if (link.startsWith("ed2k://|file|")) {
            // ed2k://|file|name|size|hash|/ : enough of the real reader for these tests
            String[] parts = link.split("\\|");
            Ed2kSource ed2k = new Ed2kSource(Ed2kHash.of(parts[4]), Long.parseLong(parts[3]), parts[2], null, List.of());
            send(exchange, 200, new ClassifiedLink("ed2k", ed2k, ed2k.key()));
            return;
        }
        int colon = link.indexOf("://");
        if (colon < 0) {
            problem(exchange, 400, Problems.INVALID_LINK, "Invalid link", "not a link: " + link);
            return;
        }
        String scheme = link.substring(0, colon).toLowerCase();
        if (!HttpSource.SCHEMES.contains(scheme)) {
            problem(exchange, 400, Problems.UNSUPPORTED_SCHEME, "Unsupported scheme", "cannot fetch " + scheme);
            return;
        }
        HttpSource source = new HttpSource(URI.create(link).normalize());
        send(exchange, 200, new ClassifiedLink(scheme, source, source.key()));
    }

    private void seeds(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/internal/seeds/".length());
        SeedSummary seed = seeds.get(id);
        if (seed == null) {
            problem(exchange, 404, Problems.NOT_FOUND, "Not found", id);
            return;
        }
        send(exchange, 200, seed);
    }

    private void files(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if ("POST".equals(method) && path.equals("/internal/files/batch")) {
            CreateFileEntries batch = json.readValue(exchange.getRequestBody().readAllBytes(), CreateFileEntries.class);
            if (batch.entries().stream().anyMatch(request -> unavailableFor.contains(request.owner()))) {
                problem(exchange, 503, Problems.UPSTREAM_UNAVAILABLE, "Unavailable", "storage is down");
                return;
            }
            List<FileEntriesMinted.Result> results = batch.entries().stream().map(this::mint).toList();
            if (batch.entries().stream().anyMatch(request -> answersLostFor.contains(request.owner()))) {
                problem(exchange, 503, Problems.UPSTREAM_UNAVAILABLE, "Unavailable", "answer lost");
                return;
            }
            send(exchange, 200, new FileEntriesMinted(results));
        } else if ("POST".equals(method) && path.equals("/internal/files")) {
            CreateFileEntry request = json.readValue(exchange.getRequestBody().readAllBytes(), CreateFileEntry.class);
            if (unavailableFor.contains(request.owner())) {
                problem(exchange, 503, Problems.UPSTREAM_UNAVAILABLE, "Unavailable", "storage is down");
                return;
            }
            FileEntriesMinted.Result result = mint(request);
            if (answersLostFor.contains(request.owner())) {
                problem(exchange, 503, Problems.UPSTREAM_UNAVAILABLE, "Unavailable", "answer lost");
            } else if (result.entry() == null) {
                problem(exchange, result.status(), URI.create(result.type()), "Refused", result.detail());
            } else {
                send(exchange, result.status(), result.entry());
            }
        } else if ("POST".equals(method) && path.equals("/internal/files/extend")) {
            ExtendFileEntries request = json.readValue(exchange.getRequestBody().readAllBytes(),
                    ExtendFileEntries.class);
            extensions.add(request);
            boolean gone = request.entries().stream().map(entries::get)
                    .anyMatch(entry -> entry == null || goneContent.contains(entry.sha256()));
            if (gone) {
                problem(exchange, 410, Problems.CONTENT_EXPIRED, "Content expired", "gone");
            } else {
                send(exchange, 200, request);
            }
        } else if ("DELETE".equals(method) && path.startsWith("/internal/files/")) {
            UUID entry = UUID.fromString(path.substring("/internal/files/".length()));
            revocationRequests.add(entry);
            if (revocationsDownFor.contains(entry)) {
                problem(exchange, 503, Problems.UPSTREAM_UNAVAILABLE, "Unavailable", "storage is down");
                return;
            }
            CountDownLatch held = revocationsHeldFor.get(entry);
            if (held != null) {
                try {
                    held.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            revokedEntries.add(entry);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        } else {
            problem(exchange, 404, Problems.NOT_FOUND, "Not found", path);
        }
    }

    /** One entry request as storage-service carries it out (a slow storage waits first, when told to). */
    private FileEntriesMinted.Result mint(CreateFileEntry request) {
        CountDownLatch held = mintsHeldFor.get(request.owner());
        if (held != null) {
            mintsBeingHeld.incrementAndGet();
            try {
                held.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                mintsBeingHeld.decrementAndGet();
            }
        }
        Integer refusal = refusedFor.get(request.owner());
        if (refusal != null) {
            return refused(request, refusal, Problems.INTERNAL_ERROR, "storage refuses " + request.name());
        }
        if (goneContent.contains(request.sha256())) {
            return refused(request, 404, Problems.CONTENT_EXPIRED, "gone: " + request.sha256());
        }
        createdEntries.add(request);
        CreateFileEntry earlier = entries.putIfAbsent(request.id(), request);
        if (earlier != null && !(earlier.owner().equals(request.owner())
                && earlier.sha256().equals(request.sha256()) && earlier.name().equals(request.name()))) {
            return refused(request, 409, Problems.IDEMPOTENCY_CONFLICT, request.id().toString());
        }
        CreateFileEntry minted = earlier == null ? request : earlier;
        return new FileEntriesMinted.Result(request.id(), earlier == null ? 201 : 200, new FileEntry(minted.id(),
                minted.owner(), minted.sha256(), minted.name(), 0, minted.validUntil(),
                FileEntry.entryPathOf(minted.id())), null, null);
    }

    private static FileEntriesMinted.Result refused(CreateFileEntry request, int status, URI type, String detail) {
        return new FileEntriesMinted.Result(request.id(), status, null, type.toString(), detail);
    }

    private void problem(HttpExchange exchange, int status, URI type, String title, String detail) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        write(exchange, status, json.writeValueAsBytes(
                Map.of("type", type.toString(), "title", title, "status", status, "detail", detail)));
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        write(exchange, status, json.writeValueAsBytes(body));
    }

    private static void write(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
