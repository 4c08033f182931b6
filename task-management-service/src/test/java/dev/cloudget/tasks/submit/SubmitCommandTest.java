package dev.cloudget.tasks.submit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SubmitCommandTest {

    @Test
    void sameRequestHasTheSameFingerprint() {
        assertThat(new SubmitCommand("https://a.example/x", "me@example.test", 7).fingerprint())
                .isEqualTo(new SubmitCommand(" https://a.example/x ", "me@example.test", 7).fingerprint());
    }

    @Test
    void anyDifferenceChangesTheFingerprint() {
        String base = new SubmitCommand("https://a.example/x", "me@example.test", 7).fingerprint();

        assertThat(new SubmitCommand("https://a.example/y", "me@example.test", 7).fingerprint()).isNotEqualTo(base);
        assertThat(new SubmitCommand("https://a.example/x", "you@example.test", 7).fingerprint()).isNotEqualTo(base);
        assertThat(new SubmitCommand("https://a.example/x", null, 7).fingerprint()).isNotEqualTo(base);
        assertThat(new SubmitCommand("https://a.example/x", "me@example.test", 8).fingerprint()).isNotEqualTo(base);
    }

    @Test
    void blankEmailMeansNoNotification() {
        assertThat(new SubmitCommand("https://a.example/x", "  ", 7).subscription()).isNull();
    }

    @Test
    void refusesValidDaysOutsideOneToAYear() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SubmitCommand("https://a.example/x", null, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new SubmitCommand("https://a.example/x", null, 366));
        assertThat(new SubmitCommand("https://a.example/x", null, 365).validDays()).isEqualTo(365);
    }

    @Test
    void refusesAnEmptyLink() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SubmitCommand(" ", null, 7));
    }
}
