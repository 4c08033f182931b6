package dev.cloudget.storage.entry.web;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.platform.web.UserId;
import dev.cloudget.storage.entry.Download;
import dev.cloudget.storage.entry.FileEntries;
import dev.cloudget.storage.objects.ObjectStoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;

/**
 * The entry address users download from: full body or a single byte range, streamed from the
 * object store through a small buffer so that memory use does not depend on the file size.
 *
 * <p>{@code If-Range} honours the range only for an exact match of the strong ETag; a date or any
 * other value gets the whole body.
 */
@RestController
class EntryContentController {

    private static final Logger log = LoggerFactory.getLogger(EntryContentController.class);
    private static final int BUFFER_SIZE = 64 * 1024;

    private final FileEntries entries;

    EntryContentController(FileEntries entries) {
        this.entries = entries;
    }

    @RequestMapping(path = "/api/v1/files/{id}/content", method = {RequestMethod.GET, RequestMethod.HEAD})
    void content(@PathVariable UUID id, UserId caller, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Download download = entries.downloadable(id, caller.value());
        String etag = "\"" + download.sha256().hex() + "\"";
        String range = request.getHeader(HttpHeaders.RANGE);
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        if (range != null && ifRange != null && !ifRange.strip().equals(etag)) {
            range = null;
        }
        RangeSelection selection = RangeSelection.of(range, download.size());
        if (selection instanceof RangeSelection.Unsatisfiable unsatisfiable) {
            ProblemException problem = new ProblemException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                    Problems.RANGE_NOT_SATISFIABLE, "Range not satisfiable",
                    "The file has " + download.size() + " bytes; the requested range starts beyond them");
            problem.getHeaders().set(HttpHeaders.CONTENT_RANGE, unsatisfiable.contentRange());
            throw problem;
        }

        long offset = selection instanceof RangeSelection.Part part ? part.first() : 0;
        long length = selection instanceof RangeSelection.Part part ? part.length() : download.size();
        boolean withBody = !RequestMethod.HEAD.name().equals(request.getMethod()) && length > 0;
        // opened before any header is set: a missing object still gets a clean problem+json answer
        try (InputStream body = withBody ? entries.open(download, offset, length) : InputStream.nullInputStream()) {
            respond(download, selection, etag, length, response);
            if (withBody) {
                copy(download, body, length, response);
            }
        }
    }

    private static void respond(Download download, RangeSelection selection, String etag, long length,
            HttpServletResponse response) {
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setDateHeader(HttpHeaders.LAST_MODIFIED, download.lastModified().toEpochMilli());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType(MediaTypeFactory.getMediaType(download.name())
                .orElse(MediaType.APPLICATION_OCTET_STREAM).toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDispositions.attachment(download.name()));

        if (selection instanceof RangeSelection.Part part) {
            response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
            response.setHeader(HttpHeaders.CONTENT_RANGE, part.contentRange());
        } else {
            response.setStatus(HttpStatus.OK.value());
        }
        response.setContentLengthLong(length);
    }

    private static void copy(Download download, InputStream in, long length, HttpServletResponse response)
            throws IOException {
        OutputStream out = response.getOutputStream();
        byte[] buffer = new byte[BUFFER_SIZE];
        long remaining = length;
        while (remaining > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new ObjectStoreException("Object " + download.objectKey() + " ended "
                        + remaining + " bytes early", null);
            }
            try {
                out.write(buffer, 0, read);
            } catch (IOException clientGone) {
                // The client closed the connection (it will resume with a Range): nothing to report.
                log.debug("Download of entry {} aborted by the client: {}", download.entryId(), clientGone.toString());
                return;
            }
            remaining -= read;
        }
    }
}
