package dev.cloudget.infra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabasesTest {

    @Test
    void refusesNamesThatAreNotPlainIdentifiers() {
        assertThatThrownBy(() -> Databases.ensure("x; DROP DATABASE postgres", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Databases.ensure("Upper", false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
