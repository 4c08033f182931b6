package dev.cloudget.seeds.seed.web;

import dev.cloudget.seeds.SeedsProperties;
import dev.cloudget.seeds.seed.SeedRejected;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * A form upload over the multipart limit is refused by the servlet container before any controller runs; it gets
 * the same {@code torrent-too-large} answer as a raw upload over the limit, not the platform's generic 413. Ordered
 * first, or the platform's catch-all would answer it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimitAdvice {

    private final long maxBytes;

    UploadLimitAdvice(SeedsProperties properties) {
        this.maxBytes = properties.maxTorrentSize().toBytes();
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException ex) {
        SeedRejected rejected = SeedRejected.tooLarge(maxBytes);
        return ResponseEntity.status(rejected.getStatusCode()).body(rejected.getBody());
    }
}
