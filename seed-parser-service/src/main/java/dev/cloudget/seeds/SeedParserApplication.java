package dev.cloudget.seeds;

import dev.cloudget.platform.outbox.OutboxConfiguration;
import dev.cloudget.seeds.bencode.BencodeLimits;
import dev.cloudget.seeds.bencode.BencodeParser;
import dev.cloudget.seeds.torrent.TorrentReader;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

/**
 * The BT seed parsing server and BT seed database: parses uploaded {@code .torrent}s strictly, resolves magnet links
 * through the farm (outbox → Kafka), and keeps every torrent's metainfo bytes and parsed file index.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(OutboxConfiguration.class)
public class SeedParserApplication {

    public static void main(String[] args) {
        SpringApplication.run(SeedParserApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TorrentReader torrentReader(SeedsProperties properties) {
        long max = properties.maxTorrentSize().toBytes();
        return new TorrentReader(
                new BencodeParser(new BencodeLimits(max, properties.maxDepth(), properties.maxItems(), max)),
                properties.maxFiles());
    }
}
