package dev.cloudget.platform.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * {@code cloudget.service-identity}: this service's private key (to call others), the public keys of the services it
 * trusts, and which of them may call which of its {@code /internal} paths ({@code callers}: path prefix → service
 * names; a path under no prefix is nobody's).
 */
@ConfigurationProperties("cloudget.service-identity")
public record ServiceIdentityProperties(String privateKey, String publicKeys, Map<String, List<String>> callers) {

    public ServiceIdentityProperties {
        callers = callers == null ? Map.of() : Map.copyOf(callers);
    }
}
