package dev.cloudget.links.classify;

import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.web.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static dev.cloudget.links.classify.LinkMother.BTIH_HEX;
import static dev.cloudget.links.classify.LinkMother.ED2K_HASH;
import static dev.cloudget.links.classify.LinkMother.ed2k;
import static dev.cloudget.links.classify.LinkMother.flashget;
import static dev.cloudget.links.classify.LinkMother.qqdl;
import static dev.cloudget.links.classify.LinkMother.thunder;
import static dev.cloudget.links.classify.LinkMother.thunderUrlSafe;
import static dev.cloudget.links.classify.LinkMother.wrapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class WrappedLinkClassifierTest {

    /** Its base64 has '+' and '/', so the URL-safe alphabet differs from the standard one. */
    private static final String PLAIN = "HTTP://Example.com:80/dir/../~~~/a.iso?x=>>>#top";
    private static final String PLAIN_KEY = "http://example.com/~~~/a.iso?x=%3E%3E%3E";

    private final LinkClassifier classifier = new LinkClassifier();

    static Stream<Arguments> wrappedLinks() {
        String thunder = thunder(PLAIN);
        return Stream.of(
                arguments("thunder", thunder),
                arguments("flashget", flashget(PLAIN)),
                arguments("flashget with a referrer id", flashget(PLAIN) + "&abc123"),
                arguments("qqdl", qqdl(PLAIN)),
                arguments("thunder, URL-safe base64 without padding", thunderUrlSafe(PLAIN)),
                arguments("thunder in upper case, among spaces", "  THUNDER://" + thunder.substring(10) + " \n"),
                arguments("thunder, padding %-escaped by a web page", thunder.replace("=", "%3D")),
                arguments("thunder, a slash after the padding", thunder + "/"),
                arguments("thunder in flashget in qqdl", qqdl(flashget(thunder))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrappedLinks")
    void givesAWrappedLinkTheKindAndKeyOfTheLinkInside(String description, String wrapped) {
        assertThat(thunderUrlSafe(PLAIN)).containsAnyOf("-", "_");
        assertThat(classifier.classify(PLAIN).sourceKey().value()).isEqualTo(PLAIN_KEY);

        ClassifiedLink classified = classifier.classify(wrapped);

        assertThat(classified.kind()).isEqualTo("http");
        assertThat(classified.sourceKey().value()).isEqualTo(PLAIN_KEY);
        assertThat(classified.source()).isEqualTo(new HttpSource(URI.create(PLAIN_KEY)));
    }

    @Test
    void unwrapsMagnetAndEd2kLinksToo() {
        ClassifiedLink magnet = classifier.classify(thunder("magnet:?xt=urn:btih:" + BTIH_HEX.toUpperCase()));
        ClassifiedLink ed2k = classifier.classify(flashget(ed2k("a.iso")));

        assertThat(magnet.kind()).isEqualTo("magnet");
        assertThat(magnet.sourceKey().value()).isEqualTo("btih:" + BTIH_HEX);
        assertThat(ed2k.kind()).isEqualTo("ed2k");
        assertThat(ed2k.sourceKey().value()).isEqualTo("ed2k:" + ED2K_HASH.toLowerCase());
    }

    @Test
    void readsAnInnerLinkWrittenInGbk() {
        Charset gbk = Charset.forName("GBK");
        String chinese = "http://example.com/中文.iso";
        String expected = "http://example.com/%E4%B8%AD%E6%96%87.iso";
        // 中 in GBK is D6 D0: not a valid UTF-8 sequence, so the reader has to fall back
        assertThat("中".getBytes(gbk)).containsExactly(0xd6, 0xd0);

        assertThat(classifier.classify(thunder(chinese, gbk)).sourceKey().value()).isEqualTo(expected);
        assertThat(classifier.classify(wrapping("qqdl", chinese.getBytes(gbk))).sourceKey().value())
                .isEqualTo(expected);
        assertThat(classifier.classify(thunder(chinese, StandardCharsets.UTF_8)).sourceKey().value())
                .isEqualTo(expected);
        assertThat(classifier.classify(chinese).sourceKey().value()).isEqualTo(expected);
    }

    @Test
    void unwrapsAFewLevelsButNotAPile() {
        String three = thunder(thunder(thunder(PLAIN)));

        assertThat(classifier.classify(three).sourceKey().value()).isEqualTo(PLAIN_KEY);
        assertThatThrownBy(() -> classifier.classify(thunder(three)))
                .asInstanceOf(type(LinkRejected.class))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(Problems.INVALID_LINK);
                    assertThat(e.getBody().getDetail()).contains("wrapped in more than 3");
                });
    }

    @Test
    void refusesWhatTheInnerLinkWouldBeRefusedFor() {
        assertRejected(thunder("gopher://example.com/"), Problems.UNSUPPORTED_SCHEME);
        assertRejected(qqdl("https://example.com/linux.torrent"), Problems.UNSUPPORTED_SOURCE);
        assertRejected(thunder("http://user:pw@example.com/a"), Problems.INVALID_LINK);
        assertRejected(thunder("not a link"), Problems.INVALID_LINK);
        assertRejected(thunder("http://example.com/\u0000.iso"), Problems.INVALID_LINK);
    }

    static Stream<Arguments> malformedWrappers() {
        return Stream.of(
                arguments("not base64", "thunder://!!!notbase64!!!"),
                arguments("base64 one character too long", "thunder://QUFodHRwOi8vZXhhbXBsZS5jb20vWloAA"),
                arguments("three padding characters", thunder(PLAIN) + "==="),
                arguments("no // after the scheme", "thunder:" + thunder(PLAIN).substring(10)),
                arguments("thunder without AA", wrapping("thunder", "http://example.com/a.isoZZ")),
                arguments("thunder without ZZ", wrapping("thunder", "AAhttp://example.com/a.iso")),
                arguments("thunder around nothing", wrapping("thunder", "AAZZ")),
                arguments("thunder around blanks", wrapping("thunder", "AA   ZZ")),
                arguments("thunder with nothing", "thunder://"),
                arguments("flashget without markers", wrapping("flashget", "http://example.com/a.iso")),
                arguments("flashget with one marker", wrapping("flashget", "[FLASHGET]http://example.com/a.iso")),
                arguments("flashget around nothing", wrapping("flashget", "[FLASHGET][FLASHGET]") + "&ref"),
                arguments("qqdl around nothing", "qqdl://"),
                arguments("neither UTF-8 nor GBK", wrapping("thunder", new byte[] {'A', 'A', (byte) 0xff, 'Z', 'Z'})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedWrappers")
    void refusesMalformedWrappersAsInvalid(String description, String link) {
        assertThatThrownBy(() -> classifier.classify(link))
                .asInstanceOf(type(LinkRejected.class))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(Problems.INVALID_LINK);
                    assertThat(e.getBody().getDetail()).containsAnyOf("thunder", "flashget", "qqdl");
                });
    }

    private void assertRejected(String link, URI type) {
        assertThatThrownBy(() -> classifier.classify(link))
                .asInstanceOf(type(LinkRejected.class))
                .extracting(LinkRejected::type)
                .isEqualTo(type);
    }
}
