package dev.cloudget.client.config;

import dev.cloudget.client.AtomicFiles;
import dev.cloudget.client.CliFailure;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The login a user saved with {@code cloudget login}: the gateway and the bearer token, in
 * {@code $XDG_CONFIG_HOME/cloudget/login.properties} (else {@code ~/.config/cloudget/}), readable by the user alone
 * (file 600, directory 700) because the token is a credential.
 */
public final class ClientConfig {

    static final String FILE_NAME = "login.properties";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    /** What {@code login} saved. */
    public record Login(String gateway, String token) {
    }

    /** Where it went, and whether the file system could keep it private. */
    public record Saved(Path file, boolean ownerOnly) {
    }

    private final Path directory;

    public ClientConfig(Path directory) {
        this.directory = directory;
    }

    /** The XDG base directory rule: {@code $XDG_CONFIG_HOME/cloudget}, else {@code $HOME/.config/cloudget}. */
    public static ClientConfig forUser(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return new ClientConfig(base.resolve("cloudget"));
    }

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    public Optional<Login> read() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        String token = properties.getProperty("token");
        return token == null || token.isBlank() ? Optional.empty()
                : Optional.of(new Login(properties.getProperty("gateway"), token.strip()));
    }

    /**
     * Writes the login to a private temporary file beside the target and moves it into place, so the token is never
     * readable by others, not even for a moment, and a reader never sees half a file.
     */
    public Saved write(Login login) {
        Properties properties = new Properties();
        properties.setProperty("gateway", login.gateway());
        properties.setProperty("token", login.token());
        try {
            boolean posix = Files.getFileStore(existingAncestor(directory)).supportsFileAttributeView("posix");
            if (posix) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                // an existing directory keeps its mode through createDirectories: tighten it
                Files.setPosixFilePermissions(directory, OWNER_ONLY_DIR);
            } else {
                Files.createDirectories(directory);
            }
            Path temporary = posix
                    ? Files.createTempFile(directory, ".login", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : Files.createTempFile(directory, ".login", ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(out, "cloudget login: this file holds a bearer token, keep it private");
            }
            AtomicFiles.replace(temporary, file());
            return new Saved(file(), posix);
        } catch (IOException e) {
            throw new CliFailure("cannot save the login in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Path existingAncestor(Path path) throws FileSystemException {
        for (Path at = path.toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.exists(at)) {
                return at;
            }
        }
        throw new FileSystemException(path.toString(), null, "no existing ancestor");
    }
}
