package dev.cloudget.seeds.seed.web;

import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.platform.web.UserId;
import dev.cloudget.seeds.SeedsProperties;
import dev.cloudget.seeds.seed.Registration;
import dev.cloudget.seeds.seed.SeedRejected;
import dev.cloudget.seeds.seed.Seeds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * The public seed API behind the gateway: upload a {@code .torrent} (raw or as a form), resolve a magnet link, look
 * a seed up. An upload answers 201 when it created the seed and 200 when the torrent was known (same info-hash);
 * a magnet answers 202 while RESOLVING and 200 when the torrent is READY already.
 */
@RestController
@RequestMapping("/api/v1/torrents")
class TorrentController {

    static final String BITTORRENT = "application/x-bittorrent";

    private final Seeds seeds;
    private final long maxBytes;

    TorrentController(Seeds seeds, SeedsProperties properties) {
        this.seeds = seeds;
        this.maxBytes = properties.maxTorrentSize().toBytes();
    }

    @PostMapping(consumes = {BITTORRENT, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    ResponseEntity<SeedJson> upload(UserId caller, HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            throw SeedRejected.tooLarge(maxBytes);
        }
        try (InputStream body = request.getInputStream()) {
            return answer(seeds.upload(Bodies.read(body, maxBytes), caller));
        }
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<SeedJson> uploadForm(UserId caller, @RequestPart(name = "torrent", required = false) MultipartFile torrent,
            @RequestPart(name = "file", required = false) MultipartFile file) throws IOException {
        MultipartFile part = torrent != null ? torrent : file;
        if (part == null) {
            throw new IllegalArgumentException("the form must have a part named 'torrent' or 'file'");
        }
        if (part.getSize() > maxBytes) {
            throw SeedRejected.tooLarge(maxBytes);
        }
        try (InputStream body = part.getInputStream()) {
            return answer(seeds.upload(Bodies.read(body, maxBytes), caller));
        }
    }

    @PostMapping(path = "/magnet", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SeedJson> magnet(UserId caller, @Valid @RequestBody MagnetRequest request) {
        Registration registration = seeds.requestMagnet(request.magnet(), caller);
        SeedJson seed = SeedJson.of(registration.seed());
        return ResponseEntity.status(registration.seed().ready() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(location(seed)).body(seed);
    }

    @GetMapping("/{seedId}")
    SeedJson get(@PathVariable String seedId) {
        return SeedJson.of(seeds.get(seedIdOf(seedId)));
    }

    /** A malformed id names no seed: 404 like an unknown one, not 400, so ids reveal nothing. */
    static SeedId seedIdOf(String text) {
        try {
            return SeedId.of(text);
        } catch (IllegalArgumentException malformed) {
            throw ProblemException.notFound("Seed " + text.substring(0, Math.min(text.length(), 64)));
        }
    }

    private static ResponseEntity<SeedJson> answer(Registration registration) {
        SeedJson seed = SeedJson.of(registration.seed());
        return registration.created()
                ? ResponseEntity.created(location(seed)).body(seed)
                : ResponseEntity.ok().location(location(seed)).body(seed);
    }

    private static URI location(SeedJson seed) {
        return URI.create("/api/v1/torrents/" + seed.seedId());
    }

    record MagnetRequest(@NotBlank String magnet) {
    }
}
