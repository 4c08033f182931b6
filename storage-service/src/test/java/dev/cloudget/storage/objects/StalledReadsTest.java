package dev.cloudget.storage.objects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class StalledReadsTest {

    private final StalledReads watchdog = new StalledReads(Duration.ofMillis(200));

    @AfterEach
    void stop() {
        watchdog.close();
    }

    @Test
    void aReadThatWaitsLongerThanTheTimeoutIsEndedByClosingTheStream() {
        Hanging store = new Hanging();
        InputStream in = watchdog.watch(store, "object");

        assertThatThrownBy(() -> in.read(new byte[10], 0, 10)).isInstanceOf(IOException.class).hasMessage("closed");
        assertThat(store.closed.getCount()).isZero();
    }

    @Test
    void aStreamNobodyIsReadingIsLeftOpen() throws IOException {
        Hanging store = new Hanging();
        try (InputStream in = watchdog.watch(store, "object")) {
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> store.closed.getCount() == 1);
        }
        assertThat(store.closed.getCount()).isZero();
    }

    @Test
    void readsThatGetTheirBytesPassThrough() throws IOException {
        try (InputStream in = watchdog.watch(new ByteArrayInputStream("bytes".getBytes()), "object")) {
            assertThat(in.readAllBytes()).asString().isEqualTo("bytes");
        }
    }

    /** An object store that never sends: a read blocks until the stream is closed, then fails. */
    private static final class Hanging extends InputStream {

        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
