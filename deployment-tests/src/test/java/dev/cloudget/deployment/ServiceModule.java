package dev.cloudget.deployment;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What a service module's application.yml says a deployment must give it: variables, port, actuator endpoints. */
record ServiceModule(String name, Map<String, String> defaults, JsonNode yaml) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern LOOPBACK = Pattern.compile("(?<![\\w.-])(localhost|127\\.\\d+\\.\\d+\\.\\d+)(?![\\w.-])");

    /**
     * Addresses for clients outside, not for the service's own connections: the gateway as users reach it, the object
     * store as clients reach it. A trial behind a port-forward or a published port rightly names loopback there.
     */
    static final Set<String> CLIENT_FACING = Set.of("CLOUDGET_PUBLIC_URL", "S3_PUBLIC_ENDPOINT");

    static ServiceModule read(String name, Path yml) throws IOException {
        String text = Files.readString(yml);
        return new ServiceModule(name, placeholders(text), YAMLMapper.builder().build().readTree(text));
    }

    /** Every {@code ${ENV_VAR[:default]}} in the text (nested ones too), with its default (null: none). */
    static Map<String, String> placeholders(String text) {
        Map<String, String> found = new LinkedHashMap<>();
        int at = 0;
        while ((at = text.indexOf("${", at)) >= 0) {
            int start = at + 2;
            int depth = 1;
            int end = start;
            while (depth > 0) {
                if (end >= text.length()) {
                    throw new IllegalArgumentException("unclosed ${ in " + text.substring(at, Math.min(text.length(), at + 40)));
                }
                if (text.startsWith("${", end)) {
                    depth++;
                    end += 2;
                    continue;
                }
                if (text.charAt(end) == '}') {
                    depth--;
                }
                end++;
            }
            String body = text.substring(start, end - 1);
            int colon = body.indexOf(':');
            String variable = colon < 0 ? body : body.substring(0, colon);
            if (ENV_NAME.matcher(variable).matches()) {
                found.putIfAbsent(variable, colon < 0 ? null : body.substring(colon + 1));
            }
            at = start;
        }
        return found;
    }

    static boolean namesLoopback(String value) {
        return value != null && LOOPBACK.matcher(value).find();
    }

    /**
     * The variables a deployment must set: those with no default, an empty one (a secret, or a setting the service
     * cannot guess), or one naming this machine's loopback (right for ./cloudget up, wrong in any container).
     */
    List<String> requiredVariables() {
        List<String> required = new ArrayList<>();
        defaults.forEach((variable, fallback) -> {
            if (fallback == null || fallback.isEmpty() || namesLoopback(fallback)) {
                required.add(variable);
            }
        });
        return required;
    }

    boolean defaultNamesLoopback(String variable) {
        return namesLoopback(defaults.get(variable));
    }

    int serverPort(Map<String, String> environment) {
        return port(environment, "SERVER_PORT", at("server", "port"))
                .orElseThrow(() -> new AssertionError(name + ": application.yml names no server.port"));
    }

    /** Where actuator answers: management.server.port when set (by the environment or the yml), else the server port. */
    int managementPort(Map<String, String> environment) {
        return port(environment, "MANAGEMENT_SERVER_PORT", at("management", "server", "port"))
                .orElseGet(() -> serverPort(environment));
    }

    private Optional<Integer> port(Map<String, String> environment, String variable, String fromYaml) {
        if (environment.get(variable) != null) {
            return Optional.of(Integer.parseInt(environment.get(variable)));
        }
        if (fromYaml == null) {
            return Optional.empty();
        }
        Map<String, String> inner = placeholders(fromYaml);
        if (!inner.isEmpty()) {
            String variableInYaml = inner.keySet().iterator().next();
            String value = environment.getOrDefault(variableInYaml, inner.get(variableInYaml));
            return Optional.of(Integer.parseInt(value));
        }
        return Optional.of(Integer.parseInt(fromYaml));
    }

    boolean probesEnabled() {
        return "true".equals(at("management", "endpoint", "health", "probes", "enabled"));
    }

    /** Whether actuator's web exposure includes the endpoint (health is exposed unless the include list leaves it out). */
    boolean exposes(String endpoint) {
        String include = at("management", "endpoints", "web", "exposure", "include");
        if (include == null) {
            return "health".equals(endpoint);
        }
        List<String> names = Arrays.stream(include.split(",")).map(String::trim).toList();
        return names.contains("*") || names.contains(endpoint);
    }

    /** spring.lifecycle.timeout-per-shutdown-phase in seconds (Spring Boot's default 30 s). */
    long shutdownPhaseSeconds() {
        String value = at("spring", "lifecycle", "timeout-per-shutdown-phase");
        if (value == null) {
            return 30;
        }
        Map<String, String> inner = placeholders(value);
        String literal = inner.isEmpty() ? value : inner.values().iterator().next();
        return java.time.Duration.parse("PT" + literal.toUpperCase().replace("PT", "")).toSeconds();
    }

    private String at(String... path) {
        JsonNode node = yaml;
        for (String step : path) {
            node = node == null ? null : node.get(step);
        }
        return node == null || node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    @Override
    public String toString() {
        return name;
    }
}
