package dev.cloudget.deployment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml as {@code docker-compose config} resolves it (env files read, anchors merged, with secrets from
 * the real {@code ./cloudget secrets}), checked against what each service module reads and serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeTest {

    static final Set<String> INFRASTRUCTURE = Set.of("postgres", "kafka", "minio", "redis", "mailpit");
    static final Pattern URL = Pattern.compile("://([a-z0-9-]+):(\\d+)");

    final List<ServiceModule> modules = Repository.serviceModules();
    JsonNode services;

    @BeforeAll
    void resolve(@TempDir Path secrets) {
        Repository.generateSecrets(secrets);
        Map<String, String> environment = new HashMap<>();
        environment.put("CLOUDGET_SECRETS", secrets.toString());
        // the defaults the file declares, not whatever the machine running the tests has set
        for (String variable : List.of("CLOUDGET_BIND", "CLOUDGET_PUBLIC_URL", "CLOUDGET_ALLOWLIST",
                "CLOUDGET_IMAGE_REGISTRY", "CLOUDGET_IMAGE_TAG")) {
            environment.put(variable, "");
        }
        String config = Repository.run(Repository.ROOT, environment, "docker-compose", "-f",
                Repository.ROOT.resolve("docker-compose.yml").toString(), "config");
        services = YAMLMapper.builder().build().readTree(config).get("services");
    }

    @Test
    void runsEveryServiceModuleAndItsInfrastructure() {
        Set<String> names = new TreeSet<>(services.propertyNames());
        modules.forEach(module -> assertThat(names).as("compose services").contains(module.name()));
        assertThat(names).containsAll(INFRASTRUCTURE);
        modules.forEach(module -> assertThat(services.get(module.name()).get("image").asString())
                .as(module.name()).matches(".*cloudget/" + module.name() + ":[^:]+"));
    }

    @Test
    void publishesOnlyTheGatewayAndMailpitsInboxOnLoopback() {
        Map<String, List<String>> published = new java.util.TreeMap<>();
        for (String name : services.propertyNames()) {
            JsonNode ports = services.get(name).get("ports");
            if (ports != null) {
                for (JsonNode port : ports) {
                    published.computeIfAbsent(name, n -> new ArrayList<>()).add(port.isObject()
                            ? port.path("host_ip").asString("") + ":" + port.path("published").asString() + ":" + port.path("target").asString()
                            : port.asString().replaceFirst("/tcp$", ""));
                }
            }
        }
        assertThat(published).isEqualTo(Map.of("gateway", List.of("127.0.0.1:8080:8080"),
                "mailpit", List.of("127.0.0.1:8025:8025")));
    }

    @Test
    void setsEveryVariableAServiceReadsWithoutAUsableDefault() {
        Map<String, Integer> ports = new HashMap<>();
        modules.forEach(m -> ports.put(m.name(), m.serverPort(environment(m.name()))));
        List<String> problems = new ArrayList<>();
        for (ServiceModule module : modules) {
            Map<String, String> environment = environment(module.name());
            for (String variable : module.requiredVariables()) {
                String value = environment.get(variable);
                if (value == null) {
                    problems.add(module + ": " + variable + " is not set");
                } else if (module.defaultNamesLoopback(variable) && !ServiceModule.CLIENT_FACING.contains(variable)
                        && ServiceModule.namesLoopback(value)) {
                    problems.add(module + ": " + variable + "=" + value + " names loopback inside a container");
                }
            }
            if (!"0.0.0.0".equals(environment.get("SERVER_ADDRESS"))) {
                problems.add(module + ": SERVER_ADDRESS must be 0.0.0.0 in a container");
            }
            // a URL naming one of the services must use the port that service listens on
            environment.forEach((variable, value) -> {
                Matcher url = URL.matcher(value);
                while (url.find()) {
                    Integer port = ports.get(url.group(1));
                    if (port != null && port != Integer.parseInt(url.group(2))) {
                        problems.add(module + ": " + variable + "=" + value + ", but " + url.group(1) + " listens on " + port);
                    }
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceHasAHealthCheckOnItsActuatorAndStartsAfterWhatItNeedsIsHealthy() {
        List<String> problems = new ArrayList<>();
        for (ServiceModule module : modules) {
            JsonNode service = services.get(module.name());
            String test = String.valueOf(service.path("healthcheck").path("test"));
            int port = module.managementPort(environment(module.name()));
            if (!test.contains("/dev/tcp/127.0.0.1/" + port) || !test.contains("/actuator/health/readiness")) {
                problems.add(module + ": health check " + test + " does not ask /actuator/health/readiness on " + port);
            }
            if (!"65532:65532".equals(service.path("user").asString()) || !service.path("read_only").asBoolean(false)) {
                problems.add(module + ": not the image's user 65532 on a read-only root");
            }
        }
        for (String name : INFRASTRUCTURE) {
            if (services.get(name).path("healthcheck").path("test").isMissingNode()) {
                problems.add(name + ": no health check");
            }
        }
        for (String name : services.propertyNames()) {
            JsonNode dependsOn = services.get(name).get("depends_on");
            if (dependsOn == null) {
                continue;
            }
            for (String dependency : dependsOn.propertyNames()) {
                String condition = dependsOn.get(dependency).path("condition").asString("");
                boolean healthy = condition.equals("service_healthy")
                        && !services.get(dependency).path("healthcheck").path("test").isMissingNode();
                boolean done = condition.equals("service_completed_successfully");
                if (!healthy && !done) {
                    problems.add(name + " starts after " + dependency + " is " + condition + ", not healthy (or done)");
                }
            }
        }
        for (ServiceModule module : modules) {
            Map<String, String> environment = environment(module.name());
            JsonNode dependsOn = services.get(module.name()).path("depends_on");
            for (String[] needs : List.of(new String[] {"CLOUDGET_DB_URL", "postgres"}, new String[] {"KAFKA_BOOTSTRAP_SERVERS", "kafka"},
                    new String[] {"S3_ENDPOINT", "minio"}, new String[] {"REDIS_URL", "redis"}, new String[] {"SMTP_HOST", "mailpit"})) {
                if (module.requiredVariables().contains(needs[0]) && dependsOn.path(needs[1]).isMissingNode()) {
                    problems.add(module + ": reads " + needs[0] + " (" + environment.get(needs[0]) + ") but does not wait for " + needs[1]);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void imagesArePinned() {
        List<String> problems = new ArrayList<>();
        for (String name : services.propertyNames()) {
            Images.problem(services.get(name).path("image").asString()).ifPresent(p -> problems.add(name + ": " + p));
        }
        assertThat(problems).isEmpty();
    }

    private Map<String, String> environment(String service) {
        Map<String, String> environment = new HashMap<>();
        JsonNode node = services.get(service).path("environment");
        for (String name : node.propertyNames()) {
            environment.put(name, node.get(name).isNull() ? "" : node.get(name).asString());
        }
        return environment;
    }
}
