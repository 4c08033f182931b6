package dev.cloudget.tasks.task;

import dev.cloudget.contracts.JobId;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFilesTest {

    @Test
    void namesAFileAfterTheLastSegmentOfItsPath() {
        assertThat(ResultFiles.nameOf("disk.iso")).isEqualTo("disk.iso");
        assertThat(ResultFiles.nameOf("Album/CD1/track01.flac")).isEqualTo("track01.flac");
        assertThat(ResultFiles.nameOf("dir/")).isEqualTo("dir");
        assertThat(ResultFiles.nameOf("")).isEqualTo("download");
    }

    @Test
    void derivesTheSameEntryIdOnEveryAttemptAndAnotherOnePerFileTaskAndJob() {
        UUID task = UUID.randomUUID();
        JobId job = JobId.random();

        assertThat(ResultFiles.entryIdOf(task, job, 0)).isEqualTo(ResultFiles.entryIdOf(task, job, 0));
        assertThat(ResultFiles.entryIdOf(task, job, 0)).isNotEqualTo(ResultFiles.entryIdOf(task, job, 1));
        assertThat(ResultFiles.entryIdOf(task, job, 0)).isNotEqualTo(ResultFiles.entryIdOf(UUID.randomUUID(), job, 0));
        assertThat(ResultFiles.entryIdOf(task, job, 0)).isNotEqualTo(ResultFiles.entryIdOf(task, JobId.random(), 0));
    }
}
