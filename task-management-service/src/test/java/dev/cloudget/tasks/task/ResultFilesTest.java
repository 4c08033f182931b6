package dev.cloudget.tasks.task;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFilesTest {

    @Test
    void namesAFileAfterTheLastSegmentOfItsPath() {
        assertThat(ResultFiles.nameOf("disk.iso")).isEqualTo("disk.iso");
        assertThat(ResultFiles.nameOf("Album/CD1/track01.flac")).isEqualTo("track01.flac");
        assertThat(ResultFiles.nameOf("dir/")).isEqualTo("dir");
        assertThat(ResultFiles.nameOf("")).isEqualTo("download");
    }
}
