package dev.cloudget.storage.content;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.storage.objects.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Reads an upload back before its hash names it: content is shared by everyone who asks for that hash, so a hash
 * must never name bytes that do not have it, whoever registers them. S3 computes no SHA-256 of a whole multipart
 * object (its checksums are per part, or CRCs), so storage hashes the bytes itself, streaming, once per distinct
 * content: a registration of content stored already is not read.
 */
@Component
class UploadVerification {

    private static final Logger log = LoggerFactory.getLogger(UploadVerification.class);
    private static final int BUFFER = 256 * 1024;

    private final ObjectStore objects;

    UploadVerification(ObjectStore objects) {
        this.objects = objects;
    }

    /**
     * @throws ProblemException 422 {@code hash-mismatch} when the object's bytes do not hash to {@code sha256} (or
     *                          do not have the CRC-32 given); the upload is removed
     */
    void verify(String upload, ContentHash sha256, long size, Long crc32) {
        long began = System.nanoTime();
        MessageDigest digest = sha256();
        CRC32 crc = new CRC32();
        if (size > 0) {
            try (InputStream in = objects.open(upload, 0, size)) {
                byte[] buffer = new byte[BUFFER];
                for (int read; (read = in.read(buffer)) != -1; ) {
                    digest.update(buffer, 0, read);
                    crc.update(buffer, 0, read);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + upload + " back", e);
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        boolean crcMatches = crc32 == null || crc32 == crc.getValue();
        if (!actual.equals(sha256.hex()) || !crcMatches) {
            objects.remove(upload);
            log.warn("Refused {} as {}: its bytes hash to {} (CRC-32 {}, declared {}); upload removed", upload,
                    sha256, actual, crc.getValue(), crc32);
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.HASH_MISMATCH, "Hash mismatch",
                    "The uploaded bytes do not hash to " + sha256.hex() + "; they are removed");
        }
        log.info("Verified {} ({} bytes) by reading it back in {} ms", sha256, size,
                (System.nanoTime() - began) / 1_000_000);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
