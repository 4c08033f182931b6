package dev.cloudget.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller) from the Kafka jars,
 * bound to 127.0.0.1 on fixed ports. Production runs a Kafka cluster; this is the same broker on loopback.
 */
public final class KafkaServer implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;

    private KafkaServer(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Formats {@code dir} if it is new and starts the broker on 127.0.0.1:{@code port} (0 = a free port),
     * with its controller on a free port.
     */
    public static KafkaServer start(int port, Path dir, int partitions) {
        int brokerPort = port == 0 ? Ports.free() : port;
        int controllerPort = Ports.free();
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", "1");
        config.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("log.dirs", dir.resolve("data").toAbsolutePath().toString());
        config.setProperty("num.partitions", String.valueOf(partitions));
        config.setProperty("auto.create.topics.enable", "true");
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("offsets.topic.num.partitions", "5");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("share.coordinator.state.topic.replication.factor", "1");
        config.setProperty("share.coordinator.state.topic.min.isr", "1");
        config.setProperty("group.initial.rebalance.delay.ms", "0");
        config.setProperty("log.retention.hours", "24");
        try {
            Files.createDirectories(dir);
            Path configFile = dir.resolve("server.properties");
            try (var out = Files.newOutputStream(configFile)) {
                config.store(out, "cloudget local Kafka (KRaft)");
            }
            if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
                format(configFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
        server.startup();
        awaitListening(brokerPort, Duration.ofSeconds(30));
        return new KafkaServer(server, brokerPort);
    }

    private static void format(Path configFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", configFile.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void awaitListening(int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (Ports.answers("127.0.0.1", port, Duration.ofMillis(200))) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("Kafka did not listen on 127.0.0.1:" + port + " within " + timeout);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
