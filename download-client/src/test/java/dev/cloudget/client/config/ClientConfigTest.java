package dev.cloudget.client.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClientConfigTest {

    @TempDir
    Path home;

    @Test
    void keepsTheLoginInAFileOnlyItsOwnerCanReadInADirectoryOnlyTheOwnerCanEnter() throws Exception {
        Path directory = home.resolve("cfg/cloudget");
        Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        ClientConfig config = new ClientConfig(directory);

        ClientConfig.Saved saved = config.write(new ClientConfig.Login("http://127.0.0.1:8080/", "tok.en.value"));

        assertThat(saved.ownerOnly()).isTrue();
        assertThat(saved.file()).isEqualTo(directory.resolve("login.properties"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(config.read()).contains(new ClientConfig.Login("http://127.0.0.1:8080/", "tok.en.value"));
        try (var left = Files.list(directory)) {
            assertThat(left).as("no temporary file left behind").containsExactly(saved.file());
        }
    }

    @Test
    void aSecondLoginReplacesTheFirst() {
        ClientConfig config = new ClientConfig(home.resolve("cloudget"));
        config.write(new ClientConfig.Login("http://a.example/", "first"));

        config.write(new ClientConfig.Login("http://b.example/", "second"));

        assertThat(config.read()).contains(new ClientConfig.Login("http://b.example/", "second"));
    }

    @Test
    void livesUnderXdgConfigHomeElseUnderDotConfigInHome() {
        assertThat(ClientConfig.forUser(Map.of("XDG_CONFIG_HOME", "/x/conf", "HOME", "/home/al")).file())
                .isEqualTo(Path.of("/x/conf/cloudget/login.properties"));
        assertThat(ClientConfig.forUser(Map.of("HOME", "/home/al")).file())
                .isEqualTo(Path.of("/home/al/.config/cloudget/login.properties"));
        // a relative XDG_CONFIG_HOME is invalid by the specification and ignored
        assertThat(ClientConfig.forUser(Map.of("XDG_CONFIG_HOME", "conf", "HOME", "/home/al")).file())
                .isEqualTo(Path.of("/home/al/.config/cloudget/login.properties"));
    }

    @Test
    void nothingSavedReadsAsNoLogin() {
        assertThat(new ClientConfig(home.resolve("nowhere")).read()).isEmpty();
    }
}
