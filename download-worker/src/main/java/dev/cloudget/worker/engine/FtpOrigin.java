package dev.cloudget.worker.engine;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.platform.guard.BlockedAddressException;
import dev.cloudget.platform.guard.DestinationGuard;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Files on FTP servers (RFC 959, with {@code SIZE}, {@code MDTM} and {@code REST} of RFC 3659), through Apache
 * Commons Net: one control connection per stream, passive mode, binary. The control connection goes only to an
 * address the {@link DestinationGuard} approved; the data connection goes to that same address whatever the
 * {@code PASV} answer names (as curl does by default): a server cannot send the worker elsewhere, and one behind NAT
 * that names its private address still works. A file is opened at any offset ({@code REST}), which is how a dropped
 * transfer resumes and how an FTP file is fetched in segments; its size and modification time make its validator,
 * checked on every later connection so that a file replaced mid-way is noticed.
 */
final class FtpOrigin {

    static final int DEFAULT_PORT = 21;

    private final DestinationGuard guard;
    private final HttpEngineProperties properties;

    FtpOrigin(DestinationGuard guard, HttpEngineProperties properties) {
        this.guard = guard;
        this.properties = properties;
    }

    /** An FTP file opened at an offset: its bytes from there (closing ends the session), size (or -1), validator. */
    record Opened(InputStream body, long size, String validator, String name) {

        /**
         * Whether the validator holds the file's modification time ({@code MDTM}) as well as its size: only then can a
         * later session tell that it is still the same file.
         */
        boolean dated() {
            return !validator.startsWith("/");
        }
    }

    static String hostKey(URI url) {
        return url.getHost() + ":" + (url.getPort() < 0 ? DEFAULT_PORT : url.getPort());
    }

    /**
     * Opens {@code url} at byte {@code from}; with a {@code validator}, only if the file is still the one it names.
     *
     * @throws DownloadException the server refused (login, file, transfer), the guard refused the host, or the file
     *                           changed ({@link FailureType#ORIGIN_CHANGED})
     * @throws IOException       the connection failed: worth another try
     */
    Opened open(URI url, long from, String validator) throws IOException, DownloadException {
        String path = pathOf(url);
        int port = url.getPort() < 0 ? DEFAULT_PORT : url.getPort();
        List<InetAddress> approved;
        try {
            approved = guard.check(url.getHost(), port);
        } catch (UnknownHostException e) {
            throw new DownloadException(FailureType.HOST_NOT_FOUND, "host " + url.getHost() + " does not resolve");
        } catch (BlockedAddressException e) {
            throw DownloadException.blockedAddress(url.getHost(), port, e);
        }
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout((int) properties.connectTimeout().toMillis());
        ftp.setDefaultTimeout((int) properties.readTimeout().toMillis());
        ftp.setDataTimeout(properties.readTimeout());
        // the data connection goes to the control connection's address, never to one a PASV answer names
        ftp.setIpAddressFromPasvResponse(false);
        ftp.setUseEPSVwithIPv4(false);
        boolean opened = false;
        try {
            connect(ftp, approved, port);
            String[] credentials = credentialsOf(url);
            if (!ftp.login(credentials[0], credentials[1])) {
                throw refused(ftp, "login as " + credentials[0] + " refused");
            }
            ftp.setFileType(FTP.BINARY_FILE_TYPE);
            ftp.enterLocalPassiveMode();
            long size = sizeOf(ftp.getSize(path));
            String modified = ftp.getModificationTime(path);
            String current = (modified == null ? "" : modified.strip()) + "/" + size;
            if (validator != null && !validator.equals(current)) {
                throw new DownloadException(FailureType.ORIGIN_CHANGED, "the FTP file changed during the download "
                        + "(modification time and size " + current + ", were " + validator + ")");
            }
            if (from > 0) {
                ftp.setRestartOffset(from);
            }
            InputStream data = ftp.retrieveFileStream(path);
            if (data == null) {
                throw refused(ftp, from > 0 ? "RETR from byte " + from + " refused" : "RETR refused");
            }
            opened = true;
            String name = path.substring(path.lastIndexOf('/') + 1);
            return new Opened(new Transfer(data, ftp), size, current, name);
        } catch (ConnectException e) {
            throw new DownloadException(FailureType.CONNECTION_REFUSED, hostKey(url) + " refused the connection");
        } catch (SocketTimeoutException e) {
            throw new DownloadException(FailureType.TIMEOUT, hostKey(url) + " did not answer in time");
        } finally {
            if (!opened) {
                disconnect(ftp);
            }
        }
    }

    private static void connect(FTPClient ftp, List<InetAddress> approved, int port) throws IOException,
            DownloadException {
        IOException last = null;
        for (InetAddress address : approved) {
            try {
                ftp.connect(address, port);
                if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
                    throw refused(ftp, "the server refused the session");
                }
                return;
            } catch (ConnectException e) {
                last = e;
            }
        }
        throw last == null ? new ConnectException("no address to connect to") : last;
    }

    /** The file's path as the server knows it: the URL's path, decoded, relative to the login directory. */
    private static String pathOf(URI url) throws DownloadException {
        String raw = url.getRawPath() == null ? "" : url.getRawPath();
        // RFC 1738 ;type=i|a|d is a hint for the transfer type; binary is the only one that keeps the bytes
        int type = raw.indexOf(';');
        String path = URLDecoder.decode((type < 0 ? raw : raw.substring(0, type)).replace("+", "%2B"),
                StandardCharsets.UTF_8);
        path = path.startsWith("/") ? path.substring(1) : path;
        if (path.isEmpty() || path.endsWith("/") || path.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new DownloadException(FailureType.ORIGIN_FTP_REPLY, "the FTP URL names no file: " + url);
        }
        return path;
    }

    private static String[] credentialsOf(URI url) {
        String userInfo = url.getUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return new String[] {"anonymous", "cloudget@"};
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? new String[] {userInfo, ""}
                : new String[] {userInfo.substring(0, colon), userInfo.substring(colon + 1)};
    }

    private static long sizeOf(String reply) {
        try {
            return reply == null ? -1 : Long.parseLong(reply.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static DownloadException refused(FTPClient ftp, String what) {
        String reply = ftp.getReplyString() == null ? "" : ftp.getReplyString().strip();
        return new DownloadException(FailureType.ORIGIN_FTP_REPLY, what + ": "
                + (reply.length() > 200 ? reply.substring(0, 200) + "…" : reply).toLowerCase(Locale.ROOT)
                .replaceAll("[\\r\\n]+", " "));
    }

    private static void disconnect(FTPClient ftp) {
        if (ftp.isConnected()) {
            try {
                ftp.disconnect();
            } catch (IOException ignored) {
                // the session is given up either way
            }
        }
    }

    /**
     * The data connection's bytes; at its end the server must confirm the transfer ({@code 226}), else the read fails
     * (a server that gave up mid-file is not a complete file). Closing ends the session.
     */
    private static final class Transfer extends FilterInputStream {

        private final FTPClient ftp;
        private boolean ended;

        Transfer(InputStream data, FTPClient ftp) {
            super(data);
            this.ftp = ftp;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0 && !ended) {
                ended = true;
                in.close();
                if (!ftp.completePendingCommand()) {
                    throw new IOException("the FTP server did not confirm the transfer: "
                            + String.valueOf(ftp.getReplyString()).strip());
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                disconnect(ftp);
            }
        }
    }
}
