package dev.cloudget.worker.engine;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.source.MetalinkFile;
import dev.cloudget.contracts.source.PieceHashes;

/**
 * What a file's source promises about its bytes, checked by the engine: its size (or -1), SHA-256 and piece hashes
 * (or null). A source that serves another size is not used; a piece that does not match is fetched again from another
 * source; a whole file that does not match fails the download.
 */
public record Expected(long size, ContentHash sha256, PieceHashes pieces) {

    public static final Expected NOTHING = new Expected(-1, null, null);

    public static Expected of(MetalinkFile file) {
        return new Expected(file.size(), file.sha256(), file.pieces());
    }

    /** The piece hashes, if they fit a file of {@code length} bytes. */
    PieceHashes piecesFor(long length) {
        return pieces != null && pieces.fits(length) ? pieces : null;
    }
}
