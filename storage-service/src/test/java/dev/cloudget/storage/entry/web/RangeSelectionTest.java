package dev.cloudget.storage.entry.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

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

    @Test
    void selectsSeveralRangesInTheOrderAskedFor() {
        assertThat(RangeSelection.of("bytes=500-509, 0-9,-5", SIZE)).isEqualTo(new RangeSelection.Parts(List.of(
                new RangeSelection.Part(500, 509, SIZE), new RangeSelection.Part(0, 9, SIZE),
                new RangeSelection.Part(995, 999, SIZE)), SIZE));
    }

    @Test
    void dropsRangesBeyondTheEndAndAnswersOneLeftAsASingleRange() {
        assertThat(RangeSelection.of("bytes=0-9, 1000-", SIZE)).isEqualTo(new RangeSelection.Part(0, 9, SIZE));
        assertThat(RangeSelection.of("bytes=1000-, 2000-2001", SIZE)).isEqualTo(new RangeSelection.Unsatisfiable(SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-9,5-20", "bytes=-5,990-", "bytes=0-9,x-1",
            "bytes=0-0,2-2,4-4,6-6,8-8,10-10,12-12,14-14,16-16,18-18,20-20,22-22,24-24,26-26,28-28,30-30,32-32"})
    void sendsTheWholeBodyForOverlappingUnreadableOrTooManyRanges(String header) {
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
