package dev.cloudget.worker.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostConnectionsTest {

    @Test
    void grantsUpToTheLimitPerHostAndForgetsAHostOnceAllAreBack() {
        HostConnections connections = new HostConnections(5);

        assertThat(connections.take("a:80", 3)).isEqualTo(3);
        assertThat(connections.take("a:80", 3)).as("only what is left of a's five").isEqualTo(2);
        assertThat(connections.take("b:80", 3)).as("another host has its own five").isEqualTo(3);
        assertThat(connections.take("a:80", 1)).isZero();

        connections.giveBack("a:80", 3);
        assertThat(connections.heldFor("a:80")).isEqualTo(2);
        connections.giveBack("a:80", 2);
        assertThat(connections.heldFor("a:80")).isZero();
        assertThat(connections.take("a:80", 0)).isZero();
        assertThat(connections.heldFor("a:80")).isZero();
    }
}
