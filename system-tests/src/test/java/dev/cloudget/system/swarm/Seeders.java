package dev.cloudget.system.swarm;

import dev.cloudget.system.LocalProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The aria2c processes seeding one torrent. Each runs aria2's JSON-RPC on 127.0.0.1, so a test can read how many
 * bytes the seeders have uploaded: the proof that content was, or was not, fetched from the swarm.
 */
public final class Seeders implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One seeder; {@code lastUploaded} keeps its count once it is stopped. */
    static final class Seeder {
        final LocalProcess process;
        final int peerPort;
        final int rpcPort;
        volatile long lastUploaded;

        Seeder(LocalProcess process, int peerPort, int rpcPort) {
            this.process = process;
            this.peerPort = peerPort;
            this.rpcPort = rpcPort;
        }
    }

    private final Torrent torrent;
    private final List<Seeder> seeders;
    private final String rpcSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Seeders(Torrent torrent, List<Seeder> seeders, String rpcSecret) {
        this.torrent = torrent;
        this.seeders = List.copyOf(seeders);
        this.rpcSecret = rpcSecret;
    }

    public Torrent torrent() {
        return torrent;
    }

    public int count() {
        return seeders.size();
    }

    /** Peer-wire ports the seeders listen on. */
    public List<Integer> peerPorts() {
        return seeders.stream().map(seeder -> seeder.peerPort).toList();
    }

    /** Bytes of this torrent all seeders have uploaded so far (a stopped seeder counts what it had uploaded). */
    public long uploadedBytes() {
        long total = 0;
        for (Seeder seeder : seeders) {
            if (seeder.process.isAlive()) {
                seeder.lastUploaded = uploadedBy(seeder);
            }
            total += seeder.lastUploaded;
        }
        return total;
    }

    /** Whether every seeder has verified its copy and is seeding. */
    boolean allSeeding() {
        for (Seeder seeder : seeders) {
            if (!seeder.process.isAlive()) {
                throw new IllegalStateException(seeder.process.name() + " exited:\n" + seeder.process.tail());
            }
            JsonNode active;
            try {
                active = rpc(seeder, "aria2.tellActive", List.of("seeder", "status"));
            } catch (IllegalStateException notYet) {
                return false;
            }
            if (active.isEmpty() || !active.get(0).path("seeder").asString().equals("true")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops every seeder (SIGTERM, then SIGKILL): the swarm loses all its sources at once. aria2c takes SIGTERM as
     * an emergency shutdown and does not tell the tracker, which goes on listing peers that no longer answer, as
     * when seeders crash or drop off the network.
     */
    public void stop() {
        uploadedBytesQuietly();
        seeders.forEach(seeder -> seeder.process.close());
    }

    public boolean anyAlive() {
        return seeders.stream().anyMatch(seeder -> seeder.process.isAlive());
    }

    @Override
    public void close() {
        seeders.forEach(seeder -> seeder.process.close());
    }

    private void uploadedBytesQuietly() {
        try {
            uploadedBytes();
        } catch (RuntimeException e) {
            // the last count is kept from an earlier read
        }
    }

    private long uploadedBy(Seeder seeder) {
        long total = 0;
        for (JsonNode download : rpc(seeder, "aria2.tellActive", List.of("uploadLength"))) {
            total += Long.parseLong(download.path("uploadLength").asString("0"));
        }
        return total;
    }

    private JsonNode rpc(Seeder seeder, String method, List<String> keys) {
        Map<String, Object> call = Map.of("jsonrpc", "2.0", "id", "swarm", "method", method,
                "params", List.of("token:" + rpcSecret, keys));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + seeder.rpcPort + "/jsonrpc"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(call)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || body.has("error")) {
                throw new IllegalStateException(seeder.process.name() + " RPC " + method + ": " + response.body());
            }
            return body.path("result");
        } catch (IOException e) {
            throw new IllegalStateException(seeder.process.name() + " RPC " + method + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
