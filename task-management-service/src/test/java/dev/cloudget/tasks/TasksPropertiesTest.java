package dev.cloudget.tasks;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TasksPropertiesTest {

    @Test
    void entryAddressesJoinThePublicUrlWithOneSlash() {
        assertThat(properties("https://cloudget.test/").publicAddressOf("/api/v1/files/x/content"))
                .isEqualTo("https://cloudget.test/api/v1/files/x/content");
        assertThat(properties("https://cloudget.test").publicAddressOf("/api/v1/files/x/content"))
                .isEqualTo("https://cloudget.test/api/v1/files/x/content");
    }

    private static TasksProperties properties(String publicUrl) {
        return new TasksProperties(URI.create(publicUrl), URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082"),
                URI.create("http://127.0.0.1:8086"), Duration.ofSeconds(1), "cloudget@localhost",
                Duration.ofDays(1));
    }
}
