package dev.cloudget.links.classify;

import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.web.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.cloudget.links.classify.LinkMother.BTIH_BASE32;
import static dev.cloudget.links.classify.LinkMother.BTIH_BASE32_AS_HEX;
import static dev.cloudget.links.classify.LinkMother.BTIH_HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class MagnetLinkClassifierTest {

    private final LinkClassifier classifier = new LinkClassifier();

    @Test
    void readsAMagnetWithAHexInfoHash() {
        ClassifiedLink classified = classifier.classify("magnet:?xt=urn:btih:" + BTIH_HEX.toUpperCase());

        assertThat(classified.kind()).isEqualTo("magnet");
        assertThat(classified.sourceKey().value()).isEqualTo("btih:" + BTIH_HEX);
        assertThat(classified.source()).isEqualTo(
                new MagnetSource(new InfoHash(BTIH_HEX), null, List.of(), List.of(), FileSelection.ALL));
    }

    @Test
    void readsAMagnetWithABase32InfoHashUnderItsHexKey() {
        ClassifiedLink classified = classifier.classify("  MAGNET:?xt=urn:btih:" + BTIH_BASE32 + "  ");

        assertThat(classified.kind()).isEqualTo("magnet");
        assertThat(classified.sourceKey().value()).isEqualTo("btih:" + BTIH_BASE32_AS_HEX);
    }

    @Test
    void keepsTheNameAndTrackersOfAMagnet() {
        ClassifiedLink classified = classifier.classify("magnet:?xt=urn:btih:" + BTIH_HEX
                + "&dn=Some+File%20%E4%B8%AD.iso&tr=udp%3A%2F%2Ftracker.example%3A6969&tr.1=http://t2.example/announce");

        assertThat(classified.sourceKey().value()).isEqualTo("btih:" + BTIH_HEX);
        assertThat(classified.source()).asInstanceOf(type(MagnetSource.class)).satisfies(magnet -> {
            assertThat(magnet.name()).isEqualTo("Some File 中.iso");
            assertThat(magnet.trackers()).containsExactly(URI.create("udp://tracker.example:6969"),
                    URI.create("http://t2.example/announce"));
        });
    }

    @Test
    void readsAMagnetLongerThanAUrlMayBe() {
        String trackers = IntStream.range(0, 60)
                .mapToObj(i -> "&tr=http%3A%2F%2Ftracker-" + i + ".a-rather-long-tracker-domain.example.org%2Fannounce")
                .collect(Collectors.joining());
        String link = "magnet:?xt=urn:btih:" + BTIH_HEX + trackers;
        assertThat(link.length()).isGreaterThan(4096);

        ClassifiedLink classified = classifier.classify(link);

        assertThat(classified.sourceKey().value()).isEqualTo("btih:" + BTIH_HEX);
        assertThat(((MagnetSource) classified.source()).trackers()).hasSize(60);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            c12fe1c06bba254a9dc9f519b335aa7c1367a88a     | c12fe1c06bba254a9dc9f519b335aa7c1367a88a
            C12FE1C06BBA254A9DC9F519B335AA7C1367A88A     | c12fe1c06bba254a9dc9f519b335aa7c1367a88a
            AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT             | 000102030405060708090a0b0c0d0e0f10111213
            aaaqeayeaudaocajbifqydiob4ibceqt             | 000102030405060708090a0b0c0d0e0f10111213
            """)
    void readsAnInfoHashPastedAloneAsAMagnetWithoutTrackers(String pasted, String hex) {
        ClassifiedLink classified = classifier.classify(pasted);

        assertThat(classified.kind()).isEqualTo("magnet");
        assertThat(classified.sourceKey().value()).isEqualTo("btih:" + hex);
        assertThat(classified.source()).isEqualTo(
                new MagnetSource(new InfoHash(hex), null, List.of(), List.of(), FileSelection.ALL));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c12fe1c06bba254a9dc9f519b335aa7c1367a88", "c12fe1c06bba254a9dc9f519b335aa7c1367a88aa",
            "c12fe1c06bba254a9dc9f519b335aa7c1367a88g", "AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQ1",
            "AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQ"})
    void refusesSomethingThatIsAlmostAnInfoHash(String pasted) {
        assertThatThrownBy(() -> classifier.classify(pasted))
                .asInstanceOf(type(LinkRejected.class))
                .extracting(LinkRejected::type)
                .isEqualTo(Problems.INVALID_LINK);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            magnet:?dn=x                                                               | no info-hash
            magnet:?xt=urn:btih:xyz                                                    | 40 hex
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&tr=file:///etc/passwd | tracker
            magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%G1        | %-escape
            """)
    void refusesAnUnusableMagnetWithTheReadersReason(String link, String reason) {
        assertThatThrownBy(() -> classifier.classify(link))
                .asInstanceOf(type(LinkRejected.class))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(Problems.INVALID_LINK);
                    assertThat(e.getBody().getDetail()).contains(reason);
                });
    }
}
