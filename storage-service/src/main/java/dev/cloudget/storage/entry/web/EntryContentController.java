package dev.cloudget.storage.entry.web;

import dev.cloudget.contracts.storage.EntryAddresses;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.platform.web.UserId;
import dev.cloudget.storage.StorageProperties;
import dev.cloudget.storage.entry.Download;
import dev.cloudget.storage.entry.FileEntries;
import dev.cloudget.storage.objects.ObjectStoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The entry address users download from, in two forms (the bearer form for API clients, the capability URL for
 * everyone) and two modes ({@link StorageProperties#serving()}): {@code proxy} streams the whole body, a byte range
 * or several ranges from the object store through a small buffer, so that memory use does not depend on the file
 * size; {@code redirect} answers {@code 302} to a presigned GET of the object store, except for a request of several
 * ranges, which S3 stores do not serve: that one is streamed as in {@code proxy} mode.
 *
 * <p>{@code If-Range} honours the range only for an exact match of the strong ETag; a date or any
 * other value gets the whole body.
 */
@RestController
class EntryContentController {

    private static final Logger log = LoggerFactory.getLogger(EntryContentController.class);
    /** Filled before each write: the object store's stream yields a few KiB per read, the socket wants big writes. */
    private static final int BUFFER_SIZE = 256 * 1024;

    private final FileEntries entries;
    private final StorageProperties properties;
    private final Counter served;

    EntryContentController(FileEntries entries, StorageProperties properties, MeterRegistry meters) {
        this.entries = entries;
        this.properties = properties;
        // redirect serving hands the bytes to the object store: only what streams through here counts
        this.served = Counter.builder("cloudget.storage.served.bytes")
                .description("Bytes of stored files streamed to clients from entry addresses")
                .baseUnit("bytes")
                .register(meters);
    }

    /** The bearer form, for API clients: the caller must own the entry. */
    @RequestMapping(path = "/api/v1/files/{id}/content", method = {RequestMethod.GET, RequestMethod.HEAD})
    void content(@PathVariable UUID id, UserId caller, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        serve(entries.downloadable(id, caller.value()), request, response);
    }

    /** The capability URL handed out in tasks and mails: the signature is the credential (see {@link EntryAddresses}). */
    @RequestMapping(path = EntryAddresses.PREFIX + "{id}/{name}", method = {RequestMethod.GET, RequestMethod.HEAD})
    void signed(@PathVariable UUID id, @RequestParam(name = EntryAddresses.EXPIRES, required = false) Long expires,
            @RequestParam(name = EntryAddresses.SIGNATURE, required = false) String signature,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(entries.byAddress(id, expires, signature), request, response);
    }

    private void serve(Download download, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String contentType = ContentDispositions.contentTypeOf(download.name());
        String disposition = ContentDispositions.attachment(download.name());
        String etag = "\"" + download.sha256().hex() + "\"";
        String range = request.getHeader(HttpHeaders.RANGE);
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        if (range != null && ifRange != null && !ifRange.strip().equals(etag)) {
            range = null;
        }
        RangeSelection selection = RangeSelection.of(range, download.size());
        if (properties.serving() == StorageProperties.Serving.REDIRECT
                && !(selection instanceof RangeSelection.Parts)) {
            // the object store serves the bytes (a range, If-Range and all); this service only says where. Several
            // ranges are answered here: S3 stores serve one range per request.
            String location = entries.presignedGet(download, properties.redirectValidity(), disposition, contentType);
            response.setStatus(HttpStatus.FOUND.value());
            response.setHeader(HttpHeaders.LOCATION, location);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
            return;
        }
        if (selection instanceof RangeSelection.Unsatisfiable unsatisfiable) {
            ProblemException problem = new ProblemException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                    Problems.RANGE_NOT_SATISFIABLE, "Range not satisfiable",
                    "The file has " + download.size() + " bytes; the requested range starts beyond them");
            problem.getHeaders().set(HttpHeaders.CONTENT_RANGE, unsatisfiable.contentRange());
            throw problem;
        }
        boolean head = RequestMethod.HEAD.name().equals(request.getMethod());
        commonHeaders(download, etag, disposition, response);
        if (selection instanceof RangeSelection.Parts parts) {
            multipart(download, parts, contentType, head, response);
            return;
        }

        long offset = selection instanceof RangeSelection.Part part ? part.first() : 0;
        long length = selection instanceof RangeSelection.Part part ? part.length() : download.size();
        boolean withBody = !head && length > 0;
        // opened before the status is set: a missing object still gets a clean problem+json answer
        try (InputStream body = withBody ? entries.open(download, offset, length) : InputStream.nullInputStream()) {
            response.setContentType(contentType);
            if (selection instanceof RangeSelection.Part part) {
                response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
                response.setHeader(HttpHeaders.CONTENT_RANGE, part.contentRange());
            } else {
                response.setStatus(HttpStatus.OK.value());
            }
            response.setContentLengthLong(length);
            if (withBody) {
                copy(download, body, length, response.getOutputStream(), new byte[BUFFER_SIZE]);
            }
        }
    }

    private static void commonHeaders(Download download, String etag, String disposition,
            HttpServletResponse response) {
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setDateHeader(HttpHeaders.LAST_MODIFIED, download.lastModified().toEpochMilli());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition);
    }

    /** Several ranges as {@code multipart/byteranges} (RFC 9110 section 14.6), each part streamed from the store. */
    private void multipart(Download download, RangeSelection.Parts parts, String contentType, boolean head,
            HttpServletResponse response) throws IOException {
        String boundary = "cloudget-" + UUID.randomUUID();
        List<byte[]> heads = parts.parts().stream().map(part -> ("\r\n--" + boundary + "\r\nContent-Type: "
                + contentType + "\r\nContent-Range: " + part.contentRange() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)).toList();
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        long length = tail.length;
        for (int i = 0; i < heads.size(); i++) {
            length += heads.get(i).length + parts.parts().get(i).length();
        }
        // the first part is opened before the status is set: a missing object still gets problem+json
        InputStream first = head ? InputStream.nullInputStream()
                : entries.open(download, parts.parts().getFirst().first(), parts.parts().getFirst().length());
        try (first) {
            response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
            response.setContentType("multipart/byteranges; boundary=" + boundary);
            response.setContentLengthLong(length);
            if (head) {
                return;
            }
            OutputStream out = response.getOutputStream();
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int i = 0; i < heads.size(); i++) {
                RangeSelection.Part part = parts.parts().get(i);
                out.write(heads.get(i));
                try (InputStream body = i == 0 ? first : entries.open(download, part.first(), part.length())) {
                    if (!copy(download, body, part.length(), out, buffer)) {
                        return;
                    }
                }
            }
            out.write(tail);
        }
    }

    /** Copies {@code length} bytes; false when the client went away. */
    private boolean copy(Download download, InputStream in, long length, OutputStream out, byte[] buffer)
            throws IOException {
        long remaining = length;
        while (remaining > 0) {
            int read = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read == 0) {
                throw new ObjectStoreException("Object " + download.objectKey() + " ended "
                        + remaining + " bytes early", null);
            }
            try {
                out.write(buffer, 0, read);
                served.increment(read);
            } catch (IOException clientGone) {
                // The client closed the connection (it will resume with a Range): nothing to report.
                log.debug("Download of entry {} aborted by the client: {}", download.entryId(), clientGone.toString());
                return false;
            }
            remaining -= read;
        }
        return true;
    }
}
