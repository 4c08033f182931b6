package dev.cloudget.worker.staging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartSizesTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long TIB = 1L << 40;

    @Test
    void keepsTheSmallestPartForEveryFileThatFitsInTenThousandOfThem() throws Exception {
        assertThat(PartSizes.forLength(0, 5 * MIB)).isEqualTo(5 * MIB);
        assertThat(PartSizes.forLength(12 * MIB, 5 * MIB)).isEqualTo(5 * MIB);
        assertThat(PartSizes.forLength(10_000 * 5 * MIB, 5 * MIB)).isEqualTo(5 * MIB);
    }

    @Test
    void growsThePartInWholeMebibytesSoLargerFilesStillFitInTenThousandParts() throws Exception {
        assertThat(PartSizes.forLength(10_000 * 5 * MIB + 1, 5 * MIB)).isEqualTo(6 * MIB);
        assertThat(PartSizes.forLength(100 * GIB, 5 * MIB)).isEqualTo(11 * MIB);
        assertThat(PartSizes.forLength(5 * TIB, 5 * MIB)).isEqualTo(525 * MIB);
        for (long length : new long[] {49 * GIB, 100 * GIB, 777 * GIB + 3, 5 * TIB}) {
            assertThat(Math.ceilDiv(length, PartSizes.forLength(length, 5 * MIB))).isLessThanOrEqualTo(10_000);
        }
    }

    @Test
    void honoursALargerConfiguredPart() throws Exception {
        assertThat(PartSizes.forLength(12 * MIB, 16 * MIB)).isEqualTo(16 * MIB);
    }

    @Test
    void refusesALengthNoObjectCanHold() {
        assertThatThrownBy(() -> PartSizes.forLength(5 * TIB + 1, 5 * MIB))
                .isInstanceOf(ObjectTooLargeException.class)
                .hasMessageContaining("5 TiB");
    }
}
