package dev.cloudget.tasks.quota;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaLimitTest {

    @ParameterizedTest
    @CsvSource({"100, 100", "0, 0", "1TB, 1099511627776", "64GB, 68719476736", "500MB, 524288000", "' 12 ', 12"})
    void readsANumberOrASizeInBinaryUnits(String text, long value) {
        assertThat(QuotaLimit.valueOf(text).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unlimited", "UNLIMITED", " Unlimited "})
    void readsUnlimited(String text) {
        QuotaLimit limit = QuotaLimit.valueOf(text);

        assertThat(limit.unlimited()).isTrue();
        assertThat(limit.reachedBy(Long.MAX_VALUE - 1)).isFalse();
        assertThat(limit.exceededBy(Long.MAX_VALUE)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "lots", ""})
    void refusesWhatIsNeitherANumberNorUnlimited(String text) {
        assertThatThrownBy(() -> QuotaLimit.valueOf(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isReachedAtItsValueAndExceededAboveIt() {
        QuotaLimit limit = new QuotaLimit(10);

        assertThat(limit.reachedBy(9)).isFalse();
        assertThat(limit.reachedBy(10)).isTrue();
        assertThat(limit.exceededBy(10)).isFalse();
        assertThat(limit.exceededBy(11)).isTrue();
    }

    @Test
    void aZeroQuotaAdmitsNothing() {
        assertThat(new QuotaLimit(0).reachedBy(0)).isTrue();
    }
}
