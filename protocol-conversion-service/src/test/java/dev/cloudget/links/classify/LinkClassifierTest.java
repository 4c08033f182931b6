package dev.cloudget.links.classify;

import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.web.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class LinkClassifierTest {

    private final LinkClassifier classifier = new LinkClassifier();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://example.com/file.iso                          | http://example.com/file.iso
            '  https://example.com/a  '                          | https://example.com/a
            HTTP://Example.COM/Path/File                         | http://example.com/Path/File
            hTTpS://WWW.EXAMPLE.com                              | https://www.example.com/
            http://example.com                                   | http://example.com/
            http://example.com?x=1                               | http://example.com/?x=1
            http://example.com:80/a                              | http://example.com/a
            https://example.com:443/a                            | https://example.com/a
            ftp://ftp.example.com:21/pub/x.tar                   | ftp://ftp.example.com/pub/x.tar
            http://example.com:443/a                             | http://example.com:443/a
            https://example.com:8443/a                           | https://example.com:8443/a
            http://example.com:08080/a                           | http://example.com:8080/a
            http://example.com:/a                                | http://example.com/a
            http://example.com/a/./b/../c                        | http://example.com/a/c
            http://example.com/../../a                           | http://example.com/a
            http://example.com/a/b/..                            | http://example.com/a/
            http://example.com/a/.                               | http://example.com/a/
            http://example.com/a/%2E%2E/b                        | http://example.com/b
            http://example.com/a#section                         | http://example.com/a
            http://example.com/a?x=1#frag                        | http://example.com/a?x=1
            http://example.com/%7euser/%41%62                    | http://example.com/~user/Ab
            http://example.com/a%2fb%3f                          | http://example.com/a%2Fb%3F
            http://example.com/a%2Fb                             | http://example.com/a%2Fb
            http://example.com/my file.iso                       | http://example.com/my%20file.iso
            http://example.com/100%                              | http://example.com/100%25
            http://example.com/p[1]                              | http://example.com/p%5B1%5D
            http://example.com/файл                              | http://example.com/%D1%84%D0%B0%D0%B9%D0%BB
            http://example.com/a?b=C&a=%2f&z                     | http://example.com/a?b=C&a=%2f&z
            http://example.com/a?q=x y^z"                        | http://example.com/a?q=x%20y%5Ez%22
            http://example.com/a?list[]=1                        | http://example.com/a?list[]=1
            http://example.com/a?                                | http://example.com/a?
            http://bücher.example/x                              | http://xn--bcher-kva.example/x
            http://BÜCHER.example/x                              | http://xn--bcher-kva.example/x
            http://[2001:DB8::1]:8080/x                          | http://[2001:db8::1]:8080/x
            http://[::1]:80/                                     | http://[::1]/
            http://192.168.0.1/x                                 | http://192.168.0.1/x
            http://192.168.0.1./x                                | http://192.168.0.1/x
            http://127.0.0.1:8080/x                              | http://127.0.0.1:8080/x
            http://8.8.8.8/x                                     | http://8.8.8.8/x
            """)
    void normalisesHttpAndFtpLinks(String link, String expected) {
        ClassifiedLink classified = classifier.classify(link);

        assertThat(classified.source()).isEqualTo(new HttpSource(URI.create(expected)));
        assertThat(classified.sourceKey().value()).isEqualTo(expected);
    }

    @Test
    void dropsLineBreaksOfALinkWrappedInAMail() {
        assertThat(classifier.classify("http://example.com/a\r\n/b\tc").sourceKey().value())
                .isEqualTo("http://example.com/a/bc");
    }

    @Test
    void givesTheKindOfTheLink() {
        assertThat(classifier.classify("https://example.com/a").kind()).isEqualTo("http");
        assertThat(classifier.classify("ftp://example.com/a").kind()).isEqualTo("ftp");
    }

    @Test
    void givesTwoSpellingsOfOneResourceOneKey() {
        assertThat(classifier.classify("HTTP://Example.com:80/a/./b/../%7Ec#top").sourceKey())
                .isEqualTo(classifier.classify("http://example.com/a/~c").sourceKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "not a link", "example.com/file", "http:/example.com", "http://", "http:///path",
            "http://:80/x", "http://exa mple.com/", "http://example.com:99999/", "http://example.com:0/",
            "http://example.com:8o/", "http://a..b/", "http://[::1/", "http://[zz::1]/", "http://[::1]x/",
            "http://under_score.example/", "http://example.com/\u0000"})
    void rejectsMalformedLinksAsInvalid(String link) {
        assertRejected(link, Problems.INVALID_LINK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://0177.0.0.1/x", "http://0x7f.1/", "http://0X7F.1/", "http://2130706433/",
            "http://127.1/", "http://010.8.8.8:8080/x", "ftp://0x7f000001/pub", "https://1.2.3.4.5/",
            "http://256.1.1.1/", "http://08.1.1.1/", "http://127.0.0.01/", "http://files.123/"})
    void refusesAHostThatIsAnIpv4AddressInAFormProgramsReadDifferently(String link) {
        assertThatThrownBy(() -> classifier.classify(link))
                .asInstanceOf(type(LinkRejected.class))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(Problems.AMBIGUOUS_ADDRESS);
                    assertThat(e.getBody().getDetail()).contains("a.b.c.d");
                });
    }

    @Test
    void saysWhichAddressBrowsersReadInAnAmbiguousHost() {
        assertThatThrownBy(() -> classifier.classify("http://0177.0.0.1/x"))
                .asInstanceOf(type(LinkRejected.class))
                .satisfies(e -> assertThat(e.getBody().getDetail()).contains("'0177.0.0.1'", "browsers read 127.0.0.1"));
    }

    @Test
    void refusesAmbiguousAddressesInsideMagnetAndEd2kLinksAndWrappers() {
        assertRejected("magnet:?xt=urn:btih:" + LinkMother.BTIH_HEX + "&tr=http%3A%2F%2F0177.0.0.1%3A6969%2Fannounce",
                Problems.AMBIGUOUS_ADDRESS);
        assertRejected("magnet:?xt=urn:btih:" + LinkMother.BTIH_HEX + "&ws=http%3A%2F%2F010.8.8.8%2Fa.iso",
                Problems.AMBIGUOUS_ADDRESS);
        assertRejected(LinkMother.ed2k("a.iso", 1024, LinkMother.ED2K_HASH, "s=http://0x7f.1/a.iso"),
                Problems.AMBIGUOUS_ADDRESS);
        assertRejected(LinkMother.thunder("http://0177.0.0.1/x"), Problems.AMBIGUOUS_ADDRESS);
        assertThat(classifier.classify("magnet:?xt=urn:btih:" + LinkMother.BTIH_HEX
                + "&tr=http%3A%2F%2F8.8.8.8%3A6969%2Fannounce").kind()).isEqualTo("magnet");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:secret@example.com/x", "ftp://anonymous@ftp.example.com/",
            "https://@example.com/"})
    void rejectsLinksWithCredentials(String link) {
        assertThatThrownBy(() -> classifier.classify(link))
                .asInstanceOf(type(LinkRejected.class))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(Problems.INVALID_LINK);
                    assertThat(e.getBody().getDetail()).contains("password");
                });
    }

    @Test
    void rejectsLinksLongerThanTheSourceKeyLimit() {
        assertRejected("http://example.com/" + "a".repeat(4100), Problems.INVALID_LINK);
        assertRejected("http://example.com/" + "a".repeat(100_000), Problems.INVALID_LINK);
    }

    @Test
    void rejectsLinksThatOnlyGrowTooLongWhenEscaped() {
        assertRejected("http://example.com/" + " ".repeat(2000) + "x", Problems.INVALID_LINK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gopher://example.com/", "file:///etc/passwd", "javascript:alert(1)",
            "mailto:a@example.com", "sftp://example.com/x", "data:text/plain,hi"})
    void rejectsUnknownSchemes(String link) {
        assertRejected(link, Problems.UNSUPPORTED_SCHEME);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com/linux.iso.torrent",
            "https://example.com/Linux.ISO.TORRENT?dl=1"})
    void rejectsRecognisedButUnfetchableSourcesWithAClearDetail(String link) {
        assertThatThrownBy(() -> classifier.classify(link))
                .asInstanceOf(type(LinkRejected.class))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(Problems.UNSUPPORTED_SOURCE);
                    assertThat(e.getBody().getDetail()).contains("not supported yet");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/linux.meta4", "http://example.com/a/Linux.METALINK?x=1"})
    void aLinkToAMetalinkDocumentIsAMetalinkForTheWorkerToRead(String link) {
        ClassifiedLink classified = classifier.classify(link);

        assertThat(classified.kind()).isEqualTo("metalink");
        assertThat(classified.source()).isInstanceOfSatisfying(MetalinkSource.class,
                metalink -> assertThat(metalink.document()).hasScheme(URI.create(link).getScheme()));
        assertThat(classified.sourceKey().value())
                .isEqualTo(((MetalinkSource) classified.source()).document().toString());
    }

    private void assertRejected(String link, URI type) {
        assertThatThrownBy(() -> classifier.classify(link))
                .asInstanceOf(type(LinkRejected.class))
                .extracting(LinkRejected::type)
                .isEqualTo(type);
    }
}
