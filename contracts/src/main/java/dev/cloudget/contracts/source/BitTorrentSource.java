package dev.cloudget.contracts.source;

/** A BitTorrent download, from a stored {@code .torrent} or a magnet link, of some or all of its files. */
public sealed interface BitTorrentSource extends Source permits TorrentSource, MagnetSource {

    InfoHash infoHash();

    FileSelection files();

    /** The same torrent with another file selection. */
    BitTorrentSource withFiles(FileSelection files);

    /** {@code btih:<hex>}, with {@code ?files=…} when only some files are wanted. */
    @Override
    default SourceKey key() {
        return new SourceKey(torrentKey(infoHash()).value() + files().keySuffix());
    }

    /** The key of every file of the torrent. */
    static SourceKey torrentKey(InfoHash infoHash) {
        return new SourceKey("btih:" + infoHash.hex());
    }

    /** The key of one file of the torrent, under which it is indexed once stored: {@code btih:<hex>#<index>}. */
    static SourceKey fileKey(InfoHash infoHash, int index) {
        return new SourceKey("btih:" + infoHash.hex() + "#" + index);
    }
}
