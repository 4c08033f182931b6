package dev.cloudget.seeds.seed.web;

import dev.cloudget.seeds.seed.SeedRejected;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, and refuses it the moment it goes over: never more than the limit in memory. */
final class Bodies {

    private Bodies() {
    }

    static byte[] read(InputStream body, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = body.read(buffer)) != -1) {
            total += read;
            if (total > maxBytes) {
                throw SeedRejected.tooLarge(maxBytes);
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
