package dev.cloudget.client.fetch;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.gateway.HttpFailures;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Downloads one file so that an interrupted transfer resumes where it stopped and only verified bytes ever
 * appear under the final name.
 *
 * <p>Bytes stream into {@code <name>.part}; the server's strong ETag is kept beside it in
 * {@code <name>.part.etag}. A later run asks for the rest with {@code Range}, guarded by {@code If-Range} so that
 * a server whose file changed sends the whole new file instead of a tail that does not fit. The SHA-256 is
 * computed over the part already on disk plus the new bytes; only a match is renamed into place (atomically), a
 * mismatch deletes the part.
 */
public final class ResumableDownload {

    private static final int BUFFER_BYTES = 256 * 1024;

    private final OkHttpClient http;

    public ResumableDownload(OkHttpClient http) {
        this.http = http;
    }

    /** What happened: {@code resumedFrom} bytes were already on disk, {@code transferred} came over the wire. */
    public record Result(Path file, long size, long resumedFrom, long transferred, boolean alreadyPresent) {
    }

    /**
     * @param request      the GET for the file (URL and credentials); Range headers are added here
     * @param expectedSize the size the file must have, or -1 when unknown
     * @param sha256       the lower-case hex SHA-256 the file must have
     */
    public Result fetch(Request request, Path target, long expectedSize, String sha256) throws IOException {
        if (Files.isRegularFile(target) && (expectedSize < 0 || Files.size(target) == expectedSize)
                && hashOf(target).equals(sha256)) {
            return new Result(target, Files.size(target), 0, 0, true);
        }
        Path part = sibling(target, ".part");
        Path etag = sibling(target, ".part.etag");
        long onDisk = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (expectedSize >= 0 && onDisk > expectedSize) {
            discard(part, etag);
            onDisk = 0;
        }

        MessageDigest digest = sha256();
        if (onDisk > 0) {
            update(digest, part);
        }
        // a part that is already whole (the last run stopped between the last byte and the rename) needs no request
        Transfer transfer = onDisk > 0 && onDisk == expectedSize
                ? new Transfer(onDisk, 0)
                : transfer(request, part, etag, onDisk, digest);

        String actual = HexFormat.of().formatHex(digest.digest());
        long size = Files.size(part);
        if (!actual.equals(sha256) || (expectedSize >= 0 && size != expectedSize)) {
            discard(part, etag);
            throw new CliFailure("%s does not verify: expected %s bytes with sha256 %s, got %d bytes with sha256 %s; "
                    .formatted(target.getFileName(), expectedSize < 0 ? "?" : expectedSize, sha256, size, actual)
                    + "the partial file was deleted");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(etag);
        return new Result(target, size, transfer.resumedFrom(), transfer.transferred(), false);
    }

    private record Transfer(long resumedFrom, long transferred) {
    }

    private Transfer transfer(Request request, Path part, Path etagFile, long offset, MessageDigest digest)
            throws IOException {
        Request.Builder get = request.newBuilder().get();
        String etag = offset > 0 && Files.isRegularFile(etagFile)
                ? Files.readString(etagFile, StandardCharsets.UTF_8).strip() : null;
        if (offset > 0) {
            get.header("Range", "bytes=" + offset + "-");
            if (etag != null) {
                get.header("If-Range", etag);
            }
        }
        try (Response response = http.newCall(get.build()).execute()) {
            boolean append;
            switch (response.code()) {
                case 206 -> {
                    String range = response.header("Content-Range", "");
                    if (!range.startsWith("bytes " + offset + "-")) {
                        throw new CliFailure("asked " + request.url() + " for bytes from " + offset
                                + " and got Content-Range '" + range + "'");
                    }
                    append = true;
                }
                case 200 -> {
                    // the server ignored the range, or If-Range said the file changed: start over
                    append = false;
                    digest.reset();
                    offset = 0;
                }
                case 416 -> {
                    if (offset == 0) {
                        throw HttpFailures.of(response);
                    }
                    // our part does not fit the file the server has now
                    digest.reset();
                    discard(part, etagFile);
                    response.close();
                    return transfer(request, part, etagFile, 0, digest);
                }
                default -> throw HttpFailures.of(response);
            }
            remember(etagFile, response.header("ETag"));
            long transferred = 0;
            try (InputStream in = response.body().byteStream();
                 OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[BUFFER_BYTES];
                for (int read; (read = in.read(buffer)) != -1; ) {
                    out.write(buffer, 0, read);
                    digest.update(buffer, 0, read);
                    transferred += read;
                }
            } catch (IOException interrupted) {
                throw new CliFailure("the download of " + part.getFileName() + " stopped after " + (offset + transferred)
                        + " bytes (" + interrupted.getMessage() + "); run fetch again to resume", interrupted);
            }
            return new Transfer(offset, transferred);
        }
    }

    /** Only a strong ETag may guard a range (RFC 9110 §13.1.5); without one the SHA-256 check still does. */
    private static void remember(Path etagFile, String etag) throws IOException {
        if (etag != null && !etag.startsWith("W/")) {
            Files.writeString(etagFile, etag, StandardCharsets.UTF_8);
        } else {
            Files.deleteIfExists(etagFile);
        }
    }

    private static void discard(Path part, Path etag) throws IOException {
        Files.deleteIfExists(part);
        Files.deleteIfExists(etag);
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    private static String hashOf(Path file) throws IOException {
        MessageDigest digest = sha256();
        update(digest, file);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int read; (read = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, read);
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
