package dev.cloudget.seeds.seed.web;

import dev.cloudget.contracts.seeds.MetadataFailed;
import dev.cloudget.contracts.seeds.SeedSummary;
import dev.cloudget.seeds.SeedsProperties;
import dev.cloudget.seeds.seed.SeedRejected;
import dev.cloudget.seeds.seed.Seeds;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;

/**
 * Service to service ({@code /internal/**}, never routed by the gateway): task-management reads summaries, workers
 * fetch the metainfo of READY seeds and report what became of the magnets they were asked to resolve.
 */
@RestController
@RequestMapping("/internal/seeds")
class InternalSeedController {

    private final Seeds seeds;
    private final long maxBytes;

    InternalSeedController(Seeds seeds, SeedsProperties properties) {
        this.seeds = seeds;
        this.maxBytes = properties.maxTorrentSize().toBytes();
    }

    @GetMapping("/{seedId}")
    SeedSummary summary(@PathVariable String seedId) {
        return seeds.get(TorrentController.seedIdOf(seedId)).summary();
    }

    @GetMapping(path = "/{seedId}/metainfo", produces = TorrentController.BITTORRENT)
    ResponseEntity<byte[]> metainfo(@PathVariable String seedId) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(TorrentController.BITTORRENT))
                .body(seeds.metainfo(TorrentController.seedIdOf(seedId)));
    }

    /** A whole {@code .torrent} or just the bencoded {@code info} dictionary; 200 with the READY seed's summary. */
    @PutMapping(path = "/{seedId}/metainfo",
            consumes = {TorrentController.BITTORRENT, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    SeedSummary deliver(@PathVariable String seedId, HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw SeedRejected.tooLarge(maxBytes);
        }
        try (InputStream body = request.getInputStream()) {
            return seeds.deliverMetainfo(TorrentController.seedIdOf(seedId), Bodies.read(body, maxBytes)).summary();
        }
    }

    @PostMapping(path = "/{seedId}/failure", consumes = MediaType.APPLICATION_JSON_VALUE)
    SeedSummary failure(@PathVariable String seedId, @RequestBody MetadataFailed failed) {
        if (failed.type() == null) {
            throw new IllegalArgumentException("type: must not be null");
        }
        return seeds.reportFailure(TorrentController.seedIdOf(seedId), failed).summary();
    }
}
