package dev.cloudget.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports for servers started on the fly. */
public final class Ports {

    private Ports() {
    }

    /** Below Linux's ephemeral range (32768-60999): no outgoing connection is given one of these as its own port. */
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_767;

    /**
     * A port free on 127.0.0.1 right now, below the ephemeral range: a port the kernel hands out (port 0) can be taken
     * by any outgoing connection before the server it was chosen for binds it (a system test saw that). Another process
     * may still bind it first, but only on purpose.
     */
    public static int free() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = random.nextInt(LOWEST, HIGHEST + 1);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something accepts connections on {@code host:port} within {@code timeout}. */
    static boolean answers(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
