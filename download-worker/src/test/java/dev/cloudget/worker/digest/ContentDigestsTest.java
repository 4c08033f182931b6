package dev.cloudget.worker.digest;

import dev.cloudget.contracts.ContentHash;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDigestsTest {

    @Test
    void hashesInOrderWhateverTheUpdatesSizesAndReusesTheCallersBufferSafely() throws Exception {
        // more than all slots together, so update() must wait for hashing to free them
        byte[] file = new byte[ContentDigests.SLOTS * ContentDigests.SLOT_SIZE * 3 + 12_345];
        new Random(7).nextBytes(file);
        ContentDigests digests = new ContentDigests();
        Random sizes = new Random(11);
        byte[] reused = new byte[ContentDigests.SLOT_SIZE + 999];
        for (int offset = 0; offset < file.length; ) {
            int length = Math.min(file.length - offset, 1 + sizes.nextInt(reused.length));
            System.arraycopy(file, offset, reused, 0, length);
            digests.update(reused, 0, length);
            Arrays.fill(reused, (byte) 0); // the caller's buffer is overwritten at once, as a stream's would be
            offset += length;
        }

        ContentDigests.Digested digested = digests.digest();

        Ed2kDigest ed2k = new Ed2kDigest();
        ed2k.update(file, 0, file.length);
        assertThat(digested.size()).isEqualTo(file.length);
        assertThat(digested.sha256()).isEqualTo(ContentHash.ofDigest(MessageDigest.getInstance("SHA-256").digest(file)));
        assertThat(digested.ed2k()).isEqualTo(ed2k.digest());
        CRC32 crc32 = new CRC32();
        crc32.update(file);
        assertThat(digested.crc32()).isEqualTo(crc32.getValue());
    }

    @Test
    void hashesAnEmptyFile() throws Exception {
        ContentDigests.Digested digested = new ContentDigests().digest();

        assertThat(digested.size()).isZero();
        assertThat(digested.crc32()).isZero();
        assertThat(digested.sha256()).isEqualTo(ContentHash.ofDigest(MessageDigest.getInstance("SHA-256").digest()));
    }
}
