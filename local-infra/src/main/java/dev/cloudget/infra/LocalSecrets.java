package dev.cloudget.infra;

import dev.cloudget.platform.identity.ServiceKeys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * This installation's secrets for the local run, made once by {@code ./cloudget up} into its state directory (mode
 * 0600): the secrets services share ({@code common.env}: gateway secret, JWT secret, entry signing key, S3
 * credentials, every service's public key) and each service's own P-256 private key ({@code <service>.env}). Values
 * are what the services read (the platform's {@link ServiceKeys} makes and encodes the keys), written as
 * {@code NAME=value} lines that a shell sources and docker-compose's {@code env_file} and kustomize's generators read
 * alike: every value is base64 or a list of {@code name=base64}, nothing that needs quoting.
 */
public final class LocalSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalSecrets() {
    }

    /** The variables of {@code service} (common and own), as a process would get them. */
    public record Generated(Map<String, String> common, Map<String, Map<String, String>> own) {

        public Map<String, String> environmentOf(String service) {
            Map<String, String> environment = new LinkedHashMap<>(common);
            environment.putAll(own.getOrDefault(service, Map.of()));
            return environment;
        }
    }

    public static Generated generate(List<String> services) {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("CLOUDGET_GATEWAY_SECRET", random(32));
        common.put("CLOUDGET_JWT_SECRET", random(48));
        common.put("CLOUDGET_ENTRY_SIGNING_KEY", random(48));
        common.put("S3_ACCESS_KEY", "cloudget");
        common.put("S3_SECRET_KEY", random(30));
        Map<String, Map<String, String>> own = new LinkedHashMap<>();
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        for (String service : services) {
            KeyPair pair = ServiceKeys.generate();
            keys.put(service, pair);
            own.put(service, Map.of("CLOUDGET_SERVICE_PRIVATE_KEY", ServiceKeys.encode(pair.getPrivate())));
        }
        common.put("CLOUDGET_SERVICE_PUBLIC_KEYS", ServiceKeys.publicKeyList(keys));
        return new Generated(common, own);
    }

    /** Writes {@code common.env} and one {@code <service>.env} per service into {@code dir}, readable by the owner only. */
    public static void write(Path dir, List<String> services) throws IOException {
        Generated generated = generate(services);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        writeEnv(dir.resolve("common.env"), generated.common());
        for (String service : services) {
            writeEnv(dir.resolve(service + ".env"), generated.own().get(service));
        }
    }

    private static void writeEnv(Path file, Map<String, String> variables) throws IOException {
        String text = variables.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

}
