package dev.cloudget.storage.entry.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDispositionsTest {

    @Test
    void namesAPlainFileAsIs() {
        assertThat(ContentDispositions.attachment("ubuntu-24.04.iso"))
                .isEqualTo("attachment; filename=\"ubuntu-24.04.iso\"; filename*=UTF-8''ubuntu-24.04.iso");
    }

    @Test
    void encodesSpacesAndPunctuationOnlyInTheExtendedName() {
        assertThat(ContentDispositions.attachment("my file (1); v2.txt"))
                .isEqualTo("attachment; filename=\"my file (1); v2.txt\"; "
                        + "filename*=UTF-8''my%20file%20%281%29%3B%20v2.txt");
    }

    @Test
    void givesNonAsciiNamesAnAsciiFallbackAndTheExactUtf8Name() {
        assertThat(ContentDispositions.attachment("Übersicht 日本.pdf"))
                .isEqualTo("attachment; filename=\"_bersicht __.pdf\"; "
                        + "filename*=UTF-8''%C3%9Cbersicht%20%E6%97%A5%E6%9C%AC.pdf");
    }

    @Test
    void dropsBidiOverridesAndZeroWidthCharactersThatDisguiseAName() {
        // "invoice\u202Efdp.exe" shows as "invoiceexe.pdf" where the override is honoured
        assertThat(ContentDispositions.attachment("invoice\u202Efdp.exe"))
                .isEqualTo("attachment; filename=\"invoicefdp.exe\"; filename*=UTF-8''invoicefdp.exe");
        assertThat(ContentDispositions.clean("re\u200Bport\u2066.pdf\uFEFF")).isEqualTo("report.pdf");
    }

    @Test
    void servesActiveTypesAsBytesAndOthersAsTheirNameSays() {
        assertThat(ContentDispositions.contentTypeOf("page.html")).isEqualTo("application/octet-stream");
        assertThat(ContentDispositions.contentTypeOf("logo.SVG")).isEqualTo("application/octet-stream");
        assertThat(ContentDispositions.contentTypeOf("feed.xml")).isEqualTo("application/octet-stream");
        assertThat(ContentDispositions.contentTypeOf("app.js")).isEqualTo("application/octet-stream");
        assertThat(ContentDispositions.contentTypeOf("paper.pdf")).isEqualTo("application/pdf");
        assertThat(ContentDispositions.contentTypeOf("song.mp3")).isEqualTo("audio/mpeg");
        assertThat(ContentDispositions.contentTypeOf("no-extension")).isEqualTo("application/octet-stream");
    }

    @Test
    void cannotBeUsedToInjectHeaders() {
        String header = ContentDispositions.attachment("a\r\nSet-Cookie: x=1\".txt");

        assertThat(header).doesNotContain("\r").doesNotContain("\n")
                .startsWith("attachment; filename=\"aSet-Cookie: x=1.txt\"; ");
    }

    @Test
    void turnsPathSeparatorsIntoUnderscores() {
        assertThat(ContentDispositions.attachment("../../etc/passwd"))
                .isEqualTo("attachment; filename=\".._.._etc_passwd\"; filename*=UTF-8''.._.._etc_passwd");
        assertThat(ContentDispositions.attachment("C:\\Windows\\x.dll"))
                .startsWith("attachment; filename=\"C:_Windows_x.dll\"; ");
    }

    @Test
    void replacesPercentSignsInTheFallbackSoBrowsersDoNotDecodeThem() {
        assertThat(ContentDispositions.attachment("100%25.txt"))
                .isEqualTo("attachment; filename=\"100_25.txt\"; filename*=UTF-8''100%2525.txt");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\r\n", "\"\"", ".", ".."})
    void fallsBackToAGenericNameWhenNothingUsableIsLeft(String name) {
        assertThat(ContentDispositions.attachment(name))
                .isEqualTo("attachment; filename=\"download\"; filename*=UTF-8''download");
    }
}
