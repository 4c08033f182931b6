package dev.cloudget.storage.entry.web;

import dev.cloudget.contracts.storage.EntryAddresses;
import dev.cloudget.storage.entry.EntryBundles;
import dev.cloudget.storage.entry.FileEntries;
import dev.cloudget.storage.objects.ObjectStoreException;
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
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;

/**
 * A bundle's files as one ZIP, streamed as it is written: members stored (media and archives do not compress, and
 * storing keeps the server at copying speed), each announced with its size and CRC-32, ZIP64 where a member or the
 * archive passes 4 GiB (the JDK's writer switches by itself). Nothing is built on disk or in memory: each member is
 * copied from the object store through one buffer.
 */
@RestController
class ZipController {

    private static final Logger log = LoggerFactory.getLogger(ZipController.class);
    private static final int BUFFER_SIZE = 256 * 1024;

    private final EntryBundles bundles;
    private final FileEntries entries;

    ZipController(EntryBundles bundles, FileEntries entries) {
        this.bundles = bundles;
        this.entries = entries;
    }

    @RequestMapping(path = EntryAddresses.ZIP_PREFIX + "{bundle}/{name}", method = {RequestMethod.GET,
            RequestMethod.HEAD})
    void zip(@PathVariable UUID bundle, @RequestParam(name = EntryAddresses.EXPIRES, required = false) Long expires,
            @RequestParam(name = EntryAddresses.SIGNATURE, required = false) String signature,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        EntryBundles.Zip zip = bundles.byAddress(bundle, expires, signature);
        response.setStatus(HttpStatus.OK.value());
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDispositions.attachment(zip.name()));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (RequestMethod.HEAD.name().equals(request.getMethod())) {
            return;
        }
        try {
            write(zip, response.getOutputStream());
        } catch (ZipException e) {
            // a member's bytes do not match its CRC-32: fail the response (the connection is cut, the client
            // sees an incomplete download) rather than end a ZIP that unzips to wrong bytes
            throw new IllegalStateException("ZIP of bundle " + bundle + " refused its own member: " + e.getMessage(), e);
        } catch (IOException clientGone) {
            // the client closed the connection: nothing to report
            log.debug("ZIP of bundle {} ended early: {}", bundle, clientGone.toString());
        }
    }

    private void write(EntryBundles.Zip zip, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        ZipOutputStream archive = new ZipOutputStream(out);
        for (EntryBundles.Member member : zip.members()) {
            ZipEntry entry = new ZipEntry(member.path());
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(member.download().size());
            entry.setCompressedSize(member.download().size());
            entry.setCrc(member.crc32());
            entry.setTime(member.download().lastModified().toEpochMilli());
            archive.putNextEntry(entry);
            long remaining = member.download().size();
            if (remaining > 0) {
                try (InputStream body = entries.open(member.download(), 0, remaining)) {
                    while (remaining > 0) {
                        int read = read(body, buffer, (int) Math.min(buffer.length, remaining), member);
                        if (read == 0) {
                            throw new ObjectStoreException("Object " + member.download().objectKey() + " ended "
                                    + remaining + " bytes early", null);
                        }
                        archive.write(buffer, 0, read);
                        remaining -= read;
                    }
                }
            }
            archive.closeEntry(); // checks the CRC-32 of what went through against the one announced
        }
        archive.finish();
    }

    /** Reads from the store; its failures are not the client's, so they are not {@link IOException}s here. */
    private static int read(InputStream body, byte[] buffer, int length, EntryBundles.Member member) {
        try {
            return body.readNBytes(buffer, 0, length);
        } catch (IOException e) {
            throw new ObjectStoreException("Reading " + member.download().objectKey() + " failed: " + e, e);
        }
    }
}
