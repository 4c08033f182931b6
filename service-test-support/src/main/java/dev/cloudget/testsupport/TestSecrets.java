package dev.cloudget.testsupport;

import dev.cloudget.contracts.web.GatewayHeaders;
import dev.cloudget.platform.identity.ServiceKeys;
import dev.cloudget.platform.identity.ServiceTokens;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The secrets of a service under test: services ship none, and refuse to start without them (the platform's
 * SecretsCheck), so this fills each one a test left blank — before that check runs — with a value of the test run:
 * the gateway secret {@link #GATEWAY_SECRET}, the entry signing key {@link #ENTRY_SIGNING_KEY}, and a P-256 key per
 * cloudget service, generated once per JVM, every service trusting every other's public key ({@link #tokenFrom}
 * signs as any of them, for a test that calls {@code /internal/**} in a service's place). Registered in
 * {@code META-INF/spring.factories}; this module is only ever a test dependency.
 */
public class TestSecrets implements EnvironmentPostProcessor, Ordered {

    public static final String GATEWAY_SECRET = "test-gateway-secret-0123456789";
    public static final String ENTRY_SIGNING_KEY = "test-entry-signing-key-0123456789-abcdefghij";
    /** The header that carries a service token ({@link GatewayHeaders#SERVICE_TOKEN}). */
    public static final String SERVICE_TOKEN_HEADER = GatewayHeaders.SERVICE_TOKEN;

    public static final List<String> SERVICES = List.of("gateway", "protocol-conversion-service",
            "seed-parser-service", "task-management-service", "task-distribution-service", "download-worker",
            "storage-service", "statistics-service");

    private static final Map<String, KeyPair> KEYS = generateKeys();

    private static Map<String, KeyPair> generateKeys() {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        SERVICES.forEach(service -> keys.put(service, ServiceKeys.generate()));
        return keys;
    }

    /** A token of {@code caller} for {@code audience}'s {@code /internal/**}. */
    public static String tokenFrom(String caller, String audience) {
        return new ServiceTokens(caller, (ECPrivateKey) KEYS.get(caller).getPrivate(), Clock.systemUTC())
                .tokenFor(audience);
    }

    /** The environment of {@code service} as a separate process would get it (variables and values). */
    public static Map<String, String> environmentOf(String service) {
        return Map.of("CLOUDGET_SERVICE_PRIVATE_KEY", ServiceKeys.encode(KEYS.get(service).getPrivate()),
                "CLOUDGET_SERVICE_PUBLIC_KEYS", ServiceKeys.publicKeyList(KEYS));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1; // before SecretsCheck
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String service = environment.getProperty("spring.application.name", "");
        Map<String, Object> filled = new LinkedHashMap<>();
        fillIfBlank(environment, filled, "cloudget.gateway.secret", GATEWAY_SECRET);
        fillIfBlank(environment, filled, "cloudget.entries.signing-key", ENTRY_SIGNING_KEY);
        if (KEYS.containsKey(service)) {
            fillIfBlank(environment, filled, "cloudget.service-identity.private-key",
                    ServiceKeys.encode(KEYS.get(service).getPrivate()));
            fillIfBlank(environment, filled, "cloudget.service-identity.public-keys", ServiceKeys.publicKeyList(KEYS));
        }
        if (!filled.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("cloudget-test-secrets", filled));
        }
    }

    private static void fillIfBlank(ConfigurableEnvironment environment, Map<String, Object> filled, String property,
            String value) {
        if (environment.containsProperty(property) && environment.getProperty(property, "").isBlank()) {
            filled.put(property, value);
        }
    }
}
