package dev.cloudget.distribution.dispatch;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class JobSizesTest {

    @Test
    void anEd2kLinkTellsItsFileSize() {
        assertThat(JobSizes.expectedSize(SourceMother.ed2k(1, 7_000_000_000L))).hasValue(7_000_000_000L);
    }

    @Test
    void aReadMetalinkTellsTheSumOfTheSizesItGives() {
        assertThat(JobSizes.expectedSize(SourceMother.metalink(100, 250, -1))).hasValue(350);
    }

    @Test
    void aMetalinkThatGivesNoSizeTellsNone() {
        assertThat(JobSizes.expectedSize(SourceMother.metalink(-1, -1))).isEmpty();
        assertThat(JobSizes.expectedSize(SourceMother.linkedMetalink())).isEmpty();
    }

    @Test
    void aMetalinkClaimingMoreThanALongHoldsFitsNowhereRatherThanEverywhere() {
        assertThat(JobSizes.expectedSize(SourceMother.metalink(Long.MAX_VALUE, Long.MAX_VALUE)))
                .hasValue(Long.MAX_VALUE);
    }

    @Test
    void aPlainLinkTellsNoSizeButAStaleStoredCopyTellsItsOwn() {
        assertThat(JobSizes.expectedSize(SourceMother.link(1))).isEmpty();
        assertThat(JobSizes.expectedSize(SourceMother.staleLink(4096))).isEqualTo(OptionalLong.of(4096));
    }

    @Test
    void torrentsAndMagnetsTellNoSizeBeforeTheirMetadataIsRead() {
        assertThat(JobSizes.expectedSize(SourceMother.torrent())).isEmpty();
        assertThat(JobSizes.expectedSize(SourceMother.magnet())).isEmpty();
    }
}
