package dev.cloudget.platform.secrets;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses to start a service whose secrets are missing, too short, or one of the values this project ever published
 * as a default — before any bean exists, so nothing is served, migrated or consumed with a secret everyone knows.
 * A bean factory post-processor ({@link SecretsAutoConfiguration}) rather than an environment post-processor, so that
 * it sees every property source, those a test registers dynamically included.
 *
 * <p>A service names the secrets it uses by declaring their properties in its {@code application.yml} (with an
 * empty default: {@code secret: ${CLOUDGET_GATEWAY_SECRET:}}); a property it does not declare is not its business.
 * The one exception is the local run on one machine: with the {@code local} profile active and the server bound to
 * loopback, a missing secret takes its published local value (and a warning says so). {@code ./cloudget up}
 * generates secrets of its own into its state directory even then.
 */
public class SecretsCheck implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

    /** A secret property, the variable that sets it, its minimum length, and its published local value. */
    record Secret(String property, String variable, int minLength, String localValue) {
    }

    static final List<Secret> SECRETS = List.of(
            new Secret("cloudget.gateway.secret", "CLOUDGET_GATEWAY_SECRET", 16, "local-gateway-secret-change-me"),
            new Secret("cloudget.jwt.secret", "CLOUDGET_JWT_SECRET", 32,
                    "local-jwt-secret-change-me-at-least-32-bytes!!"),
            new Secret("cloudget.entries.signing-key", "CLOUDGET_ENTRY_SIGNING_KEY", 32,
                    "local-entry-signing-key-change-me-0123456789"),
            new Secret("cloudget.s3.secret-key", "S3_SECRET_KEY", 8, "cloudget-secret"),
            new Secret("cloudget.service-identity.private-key", "CLOUDGET_SERVICE_PRIVATE_KEY", 64, null));

    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment);
    }

    /** Fails with every problem found; in the local run, fills the missing secrets with their local values. */
    public static void check(ConfigurableEnvironment environment) {
        boolean localRun = environment.acceptsProfiles(Profiles.of("local"))
                && isLoopback(environment.getProperty("server.address"));
        List<String> problems = new ArrayList<>();
        Map<String, Object> localValues = new LinkedHashMap<>();
        for (Secret secret : SECRETS) {
            if (!environment.containsProperty(secret.property())) {
                continue;
            }
            String value = environment.getProperty(secret.property(), "");
            if (value.isBlank() && localRun && secret.localValue() != null) {
                localValues.put(secret.property(), secret.localValue());
                continue;
            }
            String problem = judge(secret, value, localRun);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new InsecureSecretsException(problems);
        }
        if (!localValues.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("cloudget-local-secrets", localValues));
            System.err.println("cloudget: local run on loopback: using the published local values of "
                    + localValues.keySet() + "; never outside this machine");
        }
    }

    /** What is wrong with {@code value} as {@code secret}, or null when nothing is. */
    static String judge(Secret secret, String value, boolean localRun) {
        if (value.isBlank()) {
            return secret.property() + " is not set (environment variable " + secret.variable() + ")";
        }
        if (!localRun && isPublished(value)) {
            return secret.property() + " (" + secret.variable() + ") is a value published with cloudget; "
                    + "it is accepted only by the local run (profile 'local', bound to loopback)";
        }
        if (value.getBytes(StandardCharsets.UTF_8).length < secret.minLength()) {
            return secret.property() + " (" + secret.variable() + ") must be at least " + secret.minLength()
                    + " bytes";
        }
        return null;
    }

    /** One of the local values, or anything that says it is a placeholder. */
    static boolean isPublished(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.contains("change-me") || lower.contains("changeme")
                || SECRETS.stream().anyMatch(secret -> value.equals(secret.localValue()));
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false; // Spring's default binds every interface
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
