package dev.cloudget.worker.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTest {

    @Test
    void prefersTheContentDispositionName() {
        assertThat(FileNames.choose("attachment; filename=\"report.pdf\"", List.of("download", "42")))
                .isEqualTo("report.pdf");
    }

    @Test
    void decodesTheExtendedUtf8Name() {
        assertThat(FileNames.choose("attachment; filename=\"fallback.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt",
                List.of()))
                .isEqualTo("résumé.txt");
    }

    @Test
    void fallsBackToTheLastNonEmptyPathSegment() {
        assertThat(FileNames.choose(null, List.of("pub", "linux-6.1.tar.xz"))).isEqualTo("linux-6.1.tar.xz");
        assertThat(FileNames.choose("inline", List.of("dir", "file.iso", ""))).isEqualTo("file.iso");
    }

    @Test
    void fallsBackToDownloadWhenNothingIsUsable() {
        assertThat(FileNames.choose(null, List.of(""))).isEqualTo("download");
        assertThat(FileNames.choose("attachment; filename=\"..\"", List.of("..."))).isEqualTo("download");
        assertThat(FileNames.choose("garbage;;; =", List.of())).isEqualTo("download");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../../etc/passwd|passwd",
            "..\\..\\boot.ini|boot.ini",
            "/absolute/name.bin|name.bin",
            ".hidden|hidden",
            "trailing. . |trailing",
            "a<b>c:d\"e?f*g.txt|a_b_c_d_e_f_g.txt",
            "CON|_CON",
            "lpt1.txt|_lpt1.txt",
            "tab\there.txt|tab_here.txt",
            "evil\u202Etxt.exe|evil_txt.exe"
    })
    void sanitisesDangerousNames(String raw, String expected) {
        assertThat(FileNames.sanitise(raw)).isEqualTo(expected);
    }

    @Test
    void stripsControlCharactersAndNewlines() {
        assertThat(FileNames.sanitise("name\r\nSet-Cookie: x.txt")).isEqualTo("name__Set-Cookie_ x.txt");
    }

    @Test
    void cutsOverlongNamesTo255BytesKeepingTheExtension() {
        String name = FileNames.sanitise("é".repeat(300) + ".tar.gz");

        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
        assertThat(name).endsWith(".gz").startsWith("éé");
    }

    @Test
    void refusesNamesThatAreNothingButPunctuation() {
        assertThat(FileNames.sanitise("")).isNull();
        assertThat(FileNames.sanitise("???")).isNull();
        assertThat(FileNames.sanitise("/")).isNull();
    }
}
