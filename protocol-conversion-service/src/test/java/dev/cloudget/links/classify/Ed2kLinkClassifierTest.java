package dev.cloudget.links.classify;

import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.source.Ed2kHash;
import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.web.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;

import static dev.cloudget.links.classify.LinkMother.ED2K_HASH;
import static dev.cloudget.links.classify.LinkMother.ed2k;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class Ed2kLinkClassifierTest {

    private static final String KEY = "ed2k:31d6cfe0d16ae931b73c59d7e0c089c0";
    private static final String AICH = "AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT";

    private final LinkClassifier classifier = new LinkClassifier();

    @Test
    void readsAFileLinkIntoItsHashSizeAndName() {
        ClassifiedLink classified = classifier.classify(ed2k("ubuntu-24.04.iso", 6_114_656_256L, ED2K_HASH));

        assertThat(classified.kind()).isEqualTo("ed2k");
        assertThat(classified.sourceKey().value()).isEqualTo(KEY);
        assertThat(classified.source()).isEqualTo(new Ed2kSource(new Ed2kHash("31d6cfe0d16ae931b73c59d7e0c089c0"),
                6_114_656_256L, "ubuntu-24.04.iso", null, List.of()));
    }

    @Test
    void readsTheSchemeAndLinkTypeInAnyCase() {
        assertThat(classifier.classify("ED2K://|FILE|a.iso|0|" + ED2K_HASH.toLowerCase() + "|/").sourceKey().value())
                .isEqualTo(KEY);
    }

    @Test
    void knowsTheContentByItsHashWhateverItsName() {
        assertThat(classifier.classify(ed2k("other name.iso", 1024, ED2K_HASH.toLowerCase())).sourceKey())
                .isEqualTo(classifier.classify(ed2k("a.iso", 1024, ED2K_HASH)).sourceKey());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            My%20File%20%E4%B8%AD%E6%96%87.iso  | My File 中文.iso
            中文 file.iso                        | 中文 file.iso
            C++%20Primer.pdf                    | C++ Primer.pdf
            100%25%20done.txt                   | 100% done.txt
            a..b.txt                            | a..b.txt
            .hidden                             | .hidden
            """)
    void decodesTheFileNameAsUtf8(String written, String name) {
        assertThat(classifier.classify(ed2k(written)).source())
                .asInstanceOf(type(Ed2kSource.class))
                .extracting(Ed2kSource::name)
                .isEqualTo(name);
    }

    @Test
    void keepsTheAichHashInUpperCase() {
        Ed2kSource source = (Ed2kSource) classifier.classify(
                ed2k("a.iso", 1024, ED2K_HASH, "h=" + AICH.toLowerCase())).source();

        assertThat(source.aich()).isEqualTo(AICH);
    }

    @Test
    void normalisesEachHttpSourceAndDropsRepeats() {
        Ed2kSource source = (Ed2kSource) classifier.classify(ed2k("a.iso", 1024, ED2K_HASH,
                "s=HTTP://Mirror.Example:80/pub/../a.iso#x",
                "s=https://m2.example/a%7e.iso",
                "s=http://mirror.example/a.iso",
                "s=http%3A%2F%2Fm3.example%2Fa.iso")).source();

        assertThat(source.httpSources()).containsExactly(URI.create("http://mirror.example/a.iso"),
                URI.create("https://m2.example/a~.iso"), URI.create("http://m3.example/a.iso"));
    }

    @Test
    void ignoresPartHashesAndEmulePeerSources() {
        String link = ed2k("a.iso", 1024, ED2K_HASH, "h=" + AICH, "p=" + ED2K_HASH + ":" + ED2K_HASH,
                "s=http://mirror.example/a.iso") + "|sources,192.0.2.1:4662,192.0.2.2:4662|/";

        ClassifiedLink classified = classifier.classify(link);

        assertThat(classified.sourceKey().value()).isEqualTo(KEY);
        assertThat(classified.source()).isEqualTo(new Ed2kSource(new Ed2kHash(ED2K_HASH), 1024, "a.iso", AICH,
                List.of(URI.create("http://mirror.example/a.iso"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "...", "%2E%2E", "../etc/passwd", "a/b.iso", "%2Fetc%2Fpasswd", "a\\b.iso",
            "..%5C..%5Cwindows%5Cwin.ini", "a%00.iso", "a%0Ab.iso", "a%7F.iso", "a%C2%85.iso",
            "invoice%E2%80%AEfdp.exe", "%20%20", "%FF.iso", "a%2.iso", "a%G0.iso"})
    void refusesFileNamesThatAreUnsafeOrUnreadable(String name) {
        assertRejected(ed2k(name), Problems.INVALID_LINK, "file name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed2k://|server|207.44.222.51|4242|/", "ED2K://|SERVER|192.0.2.1|4661|/",
            "ed2k://|serverlist|http://example.com/server.met|/", "ed2k://|nodeslist|http://example.com/nodes.dat|/"})
    void refusesServerLinksAsNotAFile(String link) {
        assertThatThrownBy(() -> classifier.classify(link))
                .asInstanceOf(type(LinkRejected.class))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(Problems.UNSUPPORTED_SOURCE);
                    assertThat(e.getBody().getDetail()).contains("do not name a file");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ed2k://", "ed2k:|file|a.iso|1|" + ED2K_HASH + "|/", "ed2k://file|a.iso|1|" + ED2K_HASH + "|/",
            "ed2k://|movie|a.iso|1|" + ED2K_HASH + "|/",
            "ed2k://|file|a.iso|1|/", "ed2k://|file|a.iso|1|" + ED2K_HASH + "|",
            "ed2k://|file|a.iso|1|" + ED2K_HASH, "ed2k://|file|a.iso|1|" + ED2K_HASH + "|/trailing",
            "ed2k://|file|a.iso|1|" + ED2K_HASH + "|/|nonsense|/",
            "ed2k://|file|a.iso|1|" + ED2K_HASH + "|/|sources,192.0.2.1:4662",
            "ed2k://|file|a.iso|-1|" + ED2K_HASH + "|/", "ed2k://|file|a.iso|+1|" + ED2K_HASH + "|/",
            "ed2k://|file|a.iso|1k|" + ED2K_HASH + "|/", "ed2k://|file|a.iso||" + ED2K_HASH + "|/",
            "ed2k://|file|a.iso|9223372036854775808|" + ED2K_HASH + "|/",
            "ed2k://|file|a.iso|1|31D6CFE0D16AE931B73C59D7E0C089C|/",
            "ed2k://|file|a.iso|1|31D6CFE0D16AE931B73C59D7E0C089CG|/",
            "ed2k://||1|" + ED2K_HASH + "|/"})
    void refusesMalformedFileLinksAsInvalid(String link) {
        assertRejected(link, Problems.INVALID_LINK, "ed2k");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h=AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQ", "h=AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQ1",
            "h=" + AICH + "|h=BAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT", "s=ftp://ftp.example.com/a.iso", "s=gopher://x/",
            "s=mirror.example/a.iso", "s=http://", "s=http://user:pw@mirror.example/a.iso", "s=http%ZZ"})
    void refusesUnusableAichHashesAndHttpSources(String part) {
        String[] parts = part.split("\\|");
        assertRejected(ed2k("a.iso", 1, ED2K_HASH, parts), Problems.INVALID_LINK, part.substring(0, 2));
    }

    @Test
    void acceptsTheLargestSize() {
        assertThat(classifier.classify(ed2k("a.iso", Long.MAX_VALUE, ED2K_HASH)).source())
                .asInstanceOf(type(Ed2kSource.class))
                .extracting(Ed2kSource::size)
                .isEqualTo(Long.MAX_VALUE);
    }

    private void assertRejected(String link, URI type, String reason) {
        assertThatThrownBy(() -> classifier.classify(link))
                .asInstanceOf(type(LinkRejected.class))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.getBody().getDetail()).contains(reason);
                });
    }
}
