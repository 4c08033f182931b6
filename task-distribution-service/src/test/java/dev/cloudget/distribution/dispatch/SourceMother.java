package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.source.Ed2kHash;
import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.source.MetalinkFile;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.StoredCopy;
import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.source.TorrentSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Sources of every kind, with and without a size they tell before the download. */
final class SourceMother {

    private SourceMother() {
    }

    /** An eD2k link of {@code size} bytes; {@code n} makes its hash distinct. */
    static Ed2kSource ed2k(long n, long size) {
        return new Ed2kSource(new Ed2kHash(HexFormat.of().toHexDigits(n) + "0000000000000000"), size,
                "file-" + n + ".bin", null, List.of(URI.create("https://mirror.example/" + n)));
    }

    /** A Metalink read already, one file per size ({@code -1}: the document does not say). */
    static MetalinkSource metalink(long... sizes) {
        List<MetalinkFile> files = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            files.add(new MetalinkFile("part-" + i, sizes[i], null, null,
                    List.of(URI.create("https://mirror.example/part-" + i))));
        }
        return MetalinkSource.read(files);
    }

    static MetalinkSource linkedMetalink() {
        return MetalinkSource.linked(URI.create("https://origin.example/release.meta4"));
    }

    static HttpSource link(long n) {
        return new HttpSource(URI.create("https://origin.example/" + n + ".iso"));
    }

    /** A link whose stored copy, of {@code size} bytes, went stale. */
    static HttpSource staleLink(long size) {
        return link(0).revalidating(new StoredCopy("\"etag\"", null, size, List.of()));
    }

    static MagnetSource magnet() {
        return new MagnetSource(new InfoHash("0123456789abcdef0123456789abcdef01234567"), "name", List.of(), List.of(),
                FileSelection.ALL);
    }

    static TorrentSource torrent() {
        return new TorrentSource(SeedId.random(), new InfoHash("0123456789abcdef0123456789abcdef01234567"),
                FileSelection.ALL);
    }
}
