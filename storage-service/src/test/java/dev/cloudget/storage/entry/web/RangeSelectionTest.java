package dev.cloudget.storage.entry.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RangeSelectionTest {

    private static final long SIZE = 1000;

    @Test
    void sendsTheWholeBodyWithoutARangeHeader() {
        assertThat(RangeSelection.of(null, SIZE)).isEqualTo(new RangeSelection.Whole(SIZE));
    }

    @ParameterizedTest(name = "{0} -> {1}-{2}")
    @CsvSource(delimiter = '|', textBlock = """
            bytes=0-99          | 0   | 99
            bytes=100-199       | 100 | 199
            bytes=500-          | 500 | 999
            bytes=0-            | 0   | 999
            bytes=990-5000      | 990 | 999
            bytes=999-999       | 999 | 999
            bytes=-10           | 990 | 999
            bytes=-1000         | 0   | 999
            bytes=-5000         | 0   | 999
            BYTES = 5 - 9       | 5   | 9
            bytes=0-99999999999999999 | 0 | 999
            """)
    void selectsASingleRange(String header, long first, long last) {
        RangeSelection selection = RangeSelection.of(header, SIZE);

        assertThat(selection).isEqualTo(new RangeSelection.Part(first, last, SIZE));
        RangeSelection.Part part = (RangeSelection.Part) selection;
        assertThat(part.length()).isEqualTo(last - first + 1);
        assertThat(part.contentRange()).isEqualTo("bytes " + first + "-" + last + "/" + SIZE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=5000-6000", "bytes=-0"})
    void refusesRangesWithNoByteInTheFile(String header) {
        RangeSelection selection = RangeSelection.of(header, SIZE);

        assertThat(selection).isEqualTo(new RangeSelection.Unsatisfiable(SIZE));
        assertThat(((RangeSelection.Unsatisfiable) selection).contentRange()).isEqualTo("bytes */1000");
    }

    @Test
    void findsNoByteToSendOfAnEmptyFile() {
        assertThat(RangeSelection.of("bytes=0-", 0)).isEqualTo(new RangeSelection.Unsatisfiable(0));
        assertThat(RangeSelection.of("bytes=-5", 0)).isEqualTo(new RangeSelection.Unsatisfiable(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-9,20-29", "bytes=0-9, 1000-", "bytes=-5,0-1"})
    void sendsTheWholeBodyForSeveralRanges(String header) {
        assertThat(RangeSelection.of(header, SIZE)).isEqualTo(new RangeSelection.Whole(SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=-", "bytes=abc", "bytes=9-5", "bytes=1-2-3",
            "bytes=a-9", "items=0-9", "bytes=0x10-", "bytes=+5-9", "bytes=--5", "0-9",
            "bytes=99999999999999999999-"})
    void ignoresHeadersItCannotParse(String header) {
        assertThat(RangeSelection.of(header, SIZE)).isEqualTo(new RangeSelection.Whole(SIZE));
    }
}
