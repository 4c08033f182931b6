package dev.cloudget.system.swarm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A torrent the fixture made, with what a test knows about it from its own bytes: the info-hash (SHA-1 of the
 * info dictionary), the metainfo file, and every file's path, size and SHA-256.
 *
 * @param name        the torrent's name (its single file, or its top directory)
 * @param infoHash    40 lower-case hex digits
 * @param metainfo    the {@code .torrent} bytes, as a client would upload them
 * @param file        where those bytes are on disk
 * @param announce    the local tracker's announce URL
 * @param pieceLength bytes per piece
 * @param multiFile   whether the info dictionary has a {@code files} list (a directory torrent)
 * @param files       in info-dictionary order, so {@link TorrentFile#index()} is the index a file selection uses
 */
public record Torrent(String name, String infoHash, byte[] metainfo, Path file, String announce, long pieceLength,
        boolean multiFile, List<TorrentFile> files) {

    public Torrent {
        files = List.copyOf(files);
    }

    /** A magnet link with only the info-hash and the tracker ({@code xt} and {@code tr}): no name, no size. */
    public String magnet() {
        return "magnet:?xt=urn:btih:" + infoHash + "&tr=" + URLEncoder.encode(announce, StandardCharsets.UTF_8);
    }

    public long totalSize() {
        return files.stream().mapToLong(TorrentFile::size).sum();
    }

    public TorrentFile file(int index) {
        return files.get(index);
    }

    /** One file of a torrent. {@code path} is as in the info dictionary: below the torrent's name, '/'-separated. */
    public record TorrentFile(int index, String path, long size, String sha256, Path onDisk) {
    }
}
