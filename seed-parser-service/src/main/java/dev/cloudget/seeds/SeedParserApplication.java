package dev.cloudget.seeds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The BT seed parsing server and BT seed database: owns torrents (metainfo bytes and their parsed file
 * index). Parsing, magnet resolution and the {@code /api/v1/torrents} endpoints arrive with the BitTorrent issue.
 */
@SpringBootApplication
public class SeedParserApplication {

    public static void main(String[] args) {
        SpringApplication.run(SeedParserApplication.class, args);
    }
}
