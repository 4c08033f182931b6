package dev.cloudget.storage.entry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ZipPathsTest {

    @Test
    void keepsNoWayOutOfTheTargetFolder() {
        assertThat(ZipPaths.clean("/etc/passwd")).isEqualTo("etc/passwd");
        assertThat(ZipPaths.clean("a/../../b.txt")).isEqualTo("a/b.txt");
        assertThat(ZipPaths.clean("C:\\Windows\\x.dll")).isEqualTo("C/Windows/x.dll");
        assertThat(ZipPaths.clean("a/./b\u0000\n.txt")).isEqualTo("a/b.txt");
        assertThat(ZipPaths.clean("../..")).isEqualTo("file");
        assertThat(ZipPaths.clean("album/01 intro.flac")).isEqualTo("album/01 intro.flac");
    }

    @Test
    void numbersRepeatsWhateverTheirCase() {
        assertThat(ZipPaths.unique(List.of("a/x.bin", "a/X.bin", "a/x.bin", "a/noext", "a/noext", "b.d/c")))
                .containsExactly("a/x.bin", "a/X (2).bin", "a/x (3).bin", "a/noext", "a/noext (2)", "b.d/c");
    }
}
