package dev.cloudget.worker.torrent.bt;

import bt.data.StorageUnit;
import bt.net.buffer.ByteBufferView;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrivingFileTest {

    private static final int PIECE = 16;

    @Test
    void readsTheFileWhenItsPiecesArriveOutOfOrder() throws Exception {
        // the torrent: a 10-byte file before ours, then our 40-byte file; pieces of 16 bytes
        byte[] torrent = random(50);
        VerifiedPieces pieces = new VerifiedPieces(PIECE, torrent.length);
        byte[] ours = Arrays.copyOfRange(torrent, 10, 50);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(
                new ArrivingFile(new BytesUnit(ours), 10, ours.length, pieces)));

        for (int piece : new int[] {3, 1, 0, 2}) {
            pieces.verified(piece);
        }

        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(ours);
    }

    @Test
    void readsToTheEndOnceTheDownloadSaysEveryPieceIsIn() throws Exception {
        // bt's last piece events may be lost when its runtime shuts down: the completed download vouches for them
        byte[] file = random(40);
        VerifiedPieces pieces = new VerifiedPieces(PIECE, file.length);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(
                new ArrivingFile(new BytesUnit(file), 0, file.length, pieces)));
        pieces.verified(0);

        pieces.allVerified();

        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(file);
    }

    @Test
    void aFailedDownloadEndsTheReadWithItsCause() {
        VerifiedPieces pieces = new VerifiedPieces(PIECE, 64);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> readAll(
                new ArrivingFile(new BytesUnit(new byte[64]), 0, 64, pieces)));
        pieces.verified(0);

        pieces.failed(new IllegalStateException("no data from any peer"));

        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("no data from any peer");
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(3).nextBytes(bytes);
        return bytes;
    }

    /** A file's bytes, as bt's storage unit reads them. */
    private record BytesUnit(byte[] bytes) implements StorageUnit {

        @Override
        public int readBlock(ByteBuffer buffer, long offset) {
            int n = Math.min(buffer.remaining(), bytes.length - (int) offset);
            buffer.put(bytes, (int) offset, n);
            return n;
        }

        @Override
        public int writeBlock(ByteBuffer buffer, long offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int writeBlock(ByteBufferView buffer, long offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long capacity() {
            return bytes.length;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void close() {
        }
    }
}
