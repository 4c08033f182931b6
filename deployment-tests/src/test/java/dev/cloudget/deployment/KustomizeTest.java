package dev.cloudget.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders k8s/base and every overlay with {@code kubectl kustomize} (the trial with secrets from the real
 * {@code ./cloudget secrets}), parses every object with fabric8's typed model, and checks the rendered objects against
 * what each service module reads and serves. Each check collects every problem of a render before failing, so one
 * run names them all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KustomizeTest {

    static final String BASE = "base";
    static final String TRIAL = "overlays/trial";
    static final String PRODUCTION = "overlays/production";

    /** What workers must never reach: private, carrier-grade NAT, loopback and link-local (cloud metadata) ranges. */
    static final List<String> NON_PUBLIC = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
            "100.64.0.0/10", "127.0.0.0/8");
    static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    static final Pattern GENERATED_SUFFIX = Pattern.compile("-[a-z0-9]{10}$");

    final Map<String, Manifests> renders = new LinkedHashMap<>();
    final List<ServiceModule> modules = Repository.serviceModules();
    final DocumentedSecrets documented = DocumentedSecrets.fromReadme();

    @BeforeAll
    void render(@TempDir Path temp) {
        Path k8s = Repository.copyOfK8s(temp.resolve("k8s"));
        Repository.generateSecrets(k8s.resolve("overlays/trial/secrets"));
        for (String overlay : List.of(BASE, TRIAL, PRODUCTION)) {
            String rendered = Repository.run(k8s, Map.of(), Repository.kubectl(), "kustomize", overlay);
            renders.put(overlay, Manifests.parse(overlay, rendered));
        }
        assertThat(modules).as("service modules found in the root pom").hasSizeGreaterThanOrEqualTo(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void runsEveryServiceModuleAsADeploymentOfItsImage(String overlay) {
        Manifests render = renders.get(overlay);
        List<String> problems = new ArrayList<>();
        for (ServiceModule module : modules) {
            render.deployment(module.name()).ifPresentOrElse(deployment -> {
                List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
                if (containers.size() != 1 || !containers.getFirst().getImage().contains("cloudget/" + module.name() + ":")) {
                    problems.add(module + ": expected one container of image .../cloudget/" + module + ":<tag>");
                }
            }, () -> problems.add(module + ": no Deployment"));
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void probesAskActuatorsHealthGroupsWhereTheServiceServesThem(String overlay) {
        Manifests render = renders.get(overlay);
        List<String> problems = new ArrayList<>();
        for (ServiceModule module : modules) {
            Deployment deployment = render.deployment(module.name()).orElse(null);
            if (deployment == null) {
                continue;
            }
            Manifests.Workload workload = new Manifests.Workload(deployment, deployment.getSpec().getTemplate());
            Container container = workload.containers().getFirst();
            Map<String, Env> environment = environment(render, container, new ArrayList<>());
            int managementPort = module.managementPort(literals(environment));
            if (!module.probesEnabled()) {
                problems.add(module + ": application.yml does not enable management.endpoint.health.probes");
            }
            if (!module.exposes("health")) {
                problems.add(module + ": application.yml does not expose the health endpoint");
            }
            checkProbe(problems, module, workload, container, "startup", container.getStartupProbe(), managementPort,
                    Set.of("/actuator/health/liveness", "/actuator/health/readiness"));
            checkProbe(problems, module, workload, container, "liveness", container.getLivenessProbe(), managementPort,
                    Set.of("/actuator/health/liveness"));
            checkProbe(problems, module, workload, container, "readiness", container.getReadinessProbe(), managementPort,
                    Set.of("/actuator/health/readiness"));
            int serverPort = module.serverPort(literals(environment));
            if (container.getPorts().stream().noneMatch(p -> p.getContainerPort() == serverPort)) {
                problems.add(module + ": serves on " + serverPort + " but the container declares no such port");
            }
            Map<String, String> annotations = Objects.requireNonNullElse(
                    deployment.getSpec().getTemplate().getMetadata().getAnnotations(), Map.of());
            if ("true".equals(annotations.get("prometheus.io/scrape"))) {
                if (!String.valueOf(managementPort).equals(annotations.get("prometheus.io/port"))
                        || !"/actuator/prometheus".equals(annotations.get("prometheus.io/path"))) {
                    problems.add(module + ": scraped at " + annotations.get("prometheus.io/port")
                            + annotations.get("prometheus.io/path") + ", serves metrics at " + managementPort
                            + "/actuator/prometheus");
                }
                if (!module.exposes("prometheus")) {
                    problems.add(module + ": scraped, but its application.yml does not expose the prometheus endpoint");
                }
            } else {
                problems.add(module + ": pods carry no prometheus.io/scrape annotation");
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    private void checkProbe(List<String> problems, ServiceModule module, Manifests.Workload workload, Container container,
                            String kind, Probe probe, int managementPort, Set<String> paths) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(module + ": no HTTP " + kind + " probe");
            return;
        }
        String path = probe.getHttpGet().getPath();
        Integer port = workload.containerPort(container, probe.getHttpGet().getPort()).orElse(null);
        if (!paths.contains(path)) {
            problems.add(module + ": " + kind + " probe asks " + path + ", not one of " + paths);
        }
        if (port == null || port != managementPort) {
            problems.add(module + ": " + kind + " probe asks port " + probe.getHttpGet().getPort().getValue()
                    + " (" + port + "); actuator answers on " + managementPort);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void setsEveryVariableAServiceReadsWithoutAUsableDefault(String overlay) {
        Manifests render = renders.get(overlay);
        List<String> problems = new ArrayList<>();
        for (ServiceModule module : modules) {
            Deployment deployment = render.deployment(module.name()).orElse(null);
            if (deployment == null) {
                continue;
            }
            Map<String, Env> environment = environment(render, deployment.getSpec().getTemplate().getSpec()
                    .getContainers().getFirst(), problems);
            for (String variable : module.requiredVariables()) {
                Env env = environment.get(variable);
                if (env == null) {
                    problems.add(module + ": " + variable + " is not set (application.yml: ${" + variable + ":"
                            + Objects.toString(module.defaults().get(variable), "") + "})");
                    continue;
                }
                if (env.optional() && module.defaults().get(variable) != null && !module.defaults().get(variable).isEmpty()) {
                    problems.add(module + ": " + variable + " comes from an optional reference but has no empty default");
                }
                if (env.literal() != null && module.defaultNamesLoopback(variable)
                        && !ServiceModule.CLIENT_FACING.contains(variable) && ServiceModule.namesLoopback(env.literal())) {
                    problems.add(module + ": " + variable + "=" + env.literal() + " names loopback inside a pod");
                }
            }
            Env address = environment.get("SERVER_ADDRESS");
            if (address == null || !"0.0.0.0".equals(address.literal())) {
                problems.add(module + ": SERVER_ADDRESS must be 0.0.0.0 in a pod, is " + (address == null ? "unset" : address.literal()));
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void everySecretAndConfigMapReferencedExists(String overlay) {
        Manifests render = renders.get(overlay);
        List<String> problems = new ArrayList<>();
        for (Manifests.Workload workload : render.workloads()) {
            for (Container container : workload.containers()) {
                environment(render, container, problems);
            }
            for (Volume volume : Objects.requireNonNullElse(workload.template().getSpec().getVolumes(), List.<Volume>of())) {
                if (volume.getConfigMap() != null && render.configMap(volume.getConfigMap().getName()).isEmpty()) {
                    problems.add(workload.name() + ": volume of ConfigMap " + volume.getConfigMap().getName() + ", which does not exist");
                }
                if (volume.getSecret() != null) {
                    secretKeys(render, volume.getSecret().getSecretName(), Boolean.TRUE.equals(volume.getSecret().getOptional()),
                            workload.name(), problems);
                }
            }
        }
        for (Ingress ingress : render.all(Ingress.class)) {
            if (ingress.getSpec().getTls() != null) {
                ingress.getSpec().getTls().forEach(tls -> secretKeys(render, tls.getSecretName(), false,
                        "Ingress/" + ingress.getMetadata().getName(), problems));
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @Test
    void theBaseAndProductionHoldNoSecretValueAndProductionReferencesOnlyDocumentedSecrets() {
        assertThat(renders.get(BASE).all(Secret.class)).as("Secrets rendered by the base").isEmpty();
        assertThat(renders.get(PRODUCTION).all(Secret.class)).as("Secrets rendered by production").isEmpty();
        assertThat(documented.keys()).as("README's table of Secrets").isNotEmpty();
    }

    @Test
    void theTrialsGeneratedSecretsHoldTheKeysTheReadmeDocuments() {
        List<String> problems = new ArrayList<>();
        for (Secret secret : renders.get(TRIAL).all(Secret.class)) {
            String name = GENERATED_SUFFIX.matcher(secret.getMetadata().getName()).replaceFirst("");
            Set<String> keys = documented.keys().get(name);
            if (keys != null && !Manifests.keys(secret).containsAll(keys)) {
                problems.add(name + ": generated with " + Manifests.keys(secret) + ", README documents " + keys);
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void imagesArePinned(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Manifests.Workload workload : renders.get(overlay).workloads()) {
            for (Container container : workload.containers()) {
                Images.problem(container.getImage()).ifPresent(problem -> problems.add(workload.name() + ": " + problem));
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void containersRunAsNonRootHardenedWithRequestsAndLimits(String overlay) {
        Manifests render = renders.get(overlay);
        Set<String> services = modules.stream().map(ServiceModule::name).collect(java.util.stream.Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (Manifests.Workload workload : render.workloads()) {
            PodSecurityContext pod = Objects.requireNonNullElse(workload.template().getSpec().getSecurityContext(), new PodSecurityContext());
            boolean ours = services.contains(workload.owner().getMetadata().getName());
            if (!Boolean.FALSE.equals(workload.template().getSpec().getAutomountServiceAccountToken())) {
                problems.add(workload.name() + ": mounts a service account token");
            }
            for (Container container : workload.containers()) {
                String where = workload.name() + "/" + container.getName();
                SecurityContext own = Objects.requireNonNullElse(container.getSecurityContext(), new SecurityContext());
                Boolean nonRoot = own.getRunAsNonRoot() != null ? own.getRunAsNonRoot() : pod.getRunAsNonRoot();
                Long user = own.getRunAsUser() != null ? own.getRunAsUser() : pod.getRunAsUser();
                if (!Boolean.TRUE.equals(nonRoot) || (user != null && user == 0)) {
                    problems.add(where + ": may run as root");
                }
                if (!Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
                    problems.add(where + ": allows privilege escalation");
                }
                if (own.getCapabilities() == null || !List.of("ALL").equals(own.getCapabilities().getDrop())) {
                    problems.add(where + ": does not drop ALL capabilities");
                }
                String seccomp = own.getSeccompProfile() != null ? own.getSeccompProfile().getType()
                        : pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null;
                if (!"RuntimeDefault".equals(seccomp)) {
                    problems.add(where + ": seccomp profile is not RuntimeDefault");
                }
                Map<String, Quantity> requests = container.getResources() == null ? null : container.getResources().getRequests();
                Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
                for (String resource : List.of("cpu", "memory")) {
                    if (requests == null || !requests.containsKey(resource) || limits == null || !limits.containsKey(resource)) {
                        problems.add(where + ": no " + resource + " request and limit");
                    }
                }
                if (ours) {
                    if (user == null || user != 65532) {
                        problems.add(where + ": runs as " + user + ", not the image's user 65532");
                    }
                    if (!Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())) {
                        problems.add(where + ": root file system is writable");
                    }
                    boolean tmp = Objects.requireNonNullElse(container.getVolumeMounts(), List.<VolumeMount>of()).stream()
                            .anyMatch(m -> m.getMountPath().equals("/tmp") && emptyDir(workload, m.getName()) != null);
                    if (!tmp) {
                        problems.add(where + ": no emptyDir on /tmp under a read-only root");
                    }
                    String jvm = Objects.toString(literals(environment(render, container, new ArrayList<>())).get("JAVA_TOOL_OPTIONS"), "");
                    if (!jvm.contains("-XX:MaxRAMPercentage=")) {
                        problems.add(where + ": JAVA_TOOL_OPTIONS sets no -XX:MaxRAMPercentage (the heap would ignore the limit)");
                    }
                }
            }
            if (ours) {
                String account = workload.template().getSpec().getServiceAccountName();
                boolean accountOk = render.all(ServiceAccount.class).stream()
                        .anyMatch(a -> a.getMetadata().getName().equals(account) && Boolean.FALSE.equals(a.getAutomountServiceAccountToken()));
                if (!accountOk) {
                    problems.add(workload.name() + ": no ServiceAccount " + account + " with automountServiceAccountToken false");
                }
                boolean budget = render.all(PodDisruptionBudget.class).stream()
                        .anyMatch(b -> Manifests.selects(b.getSpec().getSelector(), workload.podLabels()));
                if (!budget) {
                    problems.add(workload.name() + ": no PodDisruptionBudget");
                }
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void everyServiceSelectsThePodsOfOneWorkloadOnAPortTheyDeclare(String overlay) {
        Manifests render = renders.get(overlay);
        List<String> problems = new ArrayList<>();
        for (Service service : render.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            String name = "Service/" + service.getMetadata().getName();
            if (selector == null || selector.isEmpty()) {
                problems.add(name + ": selects nothing (or everything)");
                continue;
            }
            List<Manifests.Workload> selected = render.workloads().stream()
                    .filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet())).toList();
            if (selected.size() != 1) {
                problems.add(name + ": selects the pods of " + selected.stream().map(Manifests.Workload::name).toList());
                continue;
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                var target = port.getTargetPort() != null ? port.getTargetPort()
                        : new io.fabric8.kubernetes.api.model.IntOrString(port.getPort());
                if (!selected.getFirst().declares(target)) {
                    problems.add(name + ": port " + port.getPort() + " targets " + target.getValue()
                            + ", which " + selected.getFirst().name() + " does not declare");
                }
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void networkPoliciesDenyByDefaultAndLetEveryPodBeReached(String overlay) {
        Manifests render = renders.get(overlay);
        List<NetworkPolicy> policies = render.all(NetworkPolicy.class);
        List<String> problems = new ArrayList<>();
        boolean defaultDeny = policies.stream().anyMatch(p -> isEmpty(p.getSpec().getPodSelector())
                && p.getSpec().getPolicyTypes().contains("Ingress")
                && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()));
        if (!defaultDeny) {
            problems.add("no NetworkPolicy denies all ingress by default (podSelector {}, policyTypes [Ingress], no rules)");
        }
        for (Manifests.Workload workload : render.workloads()) {
            boolean allowed = policies.stream()
                    .filter(p -> !isEmpty(p.getSpec().getPodSelector()))
                    .filter(p -> Manifests.selects(p.getSpec().getPodSelector(), workload.podLabels()))
                    .anyMatch(p -> p.getSpec().getIngress() != null && !p.getSpec().getIngress().isEmpty());
            if (!allowed) {
                problems.add(workload.name() + ": no NetworkPolicy lets anything reach its pods");
            }
        }
        // only the gateway is open to all; every other pod names who may reach it
        for (NetworkPolicy policy : policies) {
            for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of())) {
                boolean fromAnywhere = rule.getFrom() == null || rule.getFrom().isEmpty();
                boolean onlyGateway = render.workloads().stream()
                        .filter(w -> Manifests.selects(policy.getSpec().getPodSelector(), w.podLabels()))
                        .allMatch(w -> "gateway".equals(w.owner().getMetadata().getName()));
                if (fromAnywhere && !onlyGateway) {
                    problems.add("NetworkPolicy/" + policy.getMetadata().getName() + ": lets anyone in to pods other than the gateway's");
                }
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void workersReachTheInternetButNoPrivateLoopbackOrMetadataAddress(String overlay) {
        Manifests render = renders.get(overlay);
        Manifests.Workload worker = render.workloads().stream()
                .filter(w -> w.owner().getMetadata().getName().equals("download-worker")).findFirst().orElseThrow();
        List<NetworkPolicy> egress = render.all(NetworkPolicy.class).stream()
                .filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
                .filter(p -> Manifests.selects(p.getSpec().getPodSelector(), worker.podLabels())).toList();
        assertThat(egress).as(overlay + ": NetworkPolicies restricting the workers' egress").isNotEmpty();
        List<String> problems = new ArrayList<>();
        boolean internet = false;
        for (NetworkPolicy policy : egress) {
            for (NetworkPolicyEgressRule rule : Objects.requireNonNullElse(policy.getSpec().getEgress(), List.<NetworkPolicyEgressRule>of())) {
                String where = "NetworkPolicy/" + policy.getMetadata().getName();
                if (rule.getTo() == null || rule.getTo().isEmpty()) {
                    problems.add(where + ": a rule lets workers reach any address");
                    continue;
                }
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    IPBlock block = peer.getIpBlock();
                    if (block != null && block.getCidr().equals("0.0.0.0/0")) {
                        internet = true;
                        List<String> except = Objects.requireNonNullElse(block.getExcept(), List.of());
                        if (!except.containsAll(NON_PUBLIC)) {
                            problems.add(where + ": 0.0.0.0/0 except " + except + " lets workers reach "
                                    + NON_PUBLIC.stream().filter(r -> !except.contains(r)).toList());
                        }
                    } else if (block != null) {
                        if (overlaps(block.getCidr(), "169.254.0.0/16") || overlaps(block.getCidr(), "127.0.0.0/8")) {
                            problems.add(where + ": lets workers reach " + block.getCidr() + " (loopback or link-local/metadata)");
                        }
                        if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
                            problems.add(where + ": " + block.getCidr() + " on every port; name the endpoint's ports");
                        }
                    } else if (peer.getNamespaceSelector() != null && isEmpty(peer.getPodSelector())) {
                        problems.add(where + ": lets workers reach every pod of the namespaces it selects");
                    }
                }
            }
        }
        if (!internet) {
            problems.add("workers cannot reach the internet (no 0.0.0.0/0 rule)");
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void eachDeploymentHasAtMostOneAutoscalerAndTheOverlaysScaleGatewayAndWorkers(String overlay) {
        Manifests render = renders.get(overlay);
        Map<String, List<String>> autoscalers = new TreeMap<>();
        for (HorizontalPodAutoscaler hpa : render.all(HorizontalPodAutoscaler.class)) {
            autoscalers.computeIfAbsent(hpa.getSpec().getScaleTargetRef().getName(), t -> new ArrayList<>()).add("HPA");
        }
        for (HasMetadata scaled : render.ofKind("ScaledObject")) {
            Map<?, ?> target = (Map<?, ?>) ((Map<?, ?>) ((GenericKubernetesResource) scaled).getAdditionalProperties().get("spec")).get("scaleTargetRef");
            autoscalers.computeIfAbsent(String.valueOf(target.get("name")), t -> new ArrayList<>()).add("ScaledObject");
        }
        List<String> problems = new ArrayList<>();
        autoscalers.forEach((target, scalers) -> {
            if (render.deployment(target).isEmpty()) {
                problems.add(scalers + " scale " + target + ", which is no Deployment");
            }
            if (scalers.size() > 1) {
                problems.add(target + " has " + scalers + ": two autoscalers fight each other");
            }
        });
        if (!autoscalers.getOrDefault("gateway", List.of()).equals(List.of("HPA"))) {
            problems.add("the gateway should scale by an HPA (on CPU), has " + autoscalers.get("gateway"));
        }
        if (overlay.equals(TRIAL) && !List.of("HPA").equals(autoscalers.get("download-worker"))) {
            problems.add("the trial's workers should scale by an HPA on CPU (no KEDA there), have " + autoscalers.get("download-worker"));
        }
        if (overlay.equals(PRODUCTION)) {
            if (!List.of("ScaledObject").equals(autoscalers.get("download-worker"))) {
                problems.add("production's workers should scale by KEDA, have " + autoscalers.get("download-worker"));
            } else {
                String triggers = String.valueOf(((GenericKubernetesResource) render.ofKind("ScaledObject").getFirst())
                        .getAdditionalProperties().get("spec"));
                if (!triggers.contains("cloudget_distribution_queue_depth")) {
                    problems.add("production's ScaledObject does not follow cloudget_distribution_queue_depth: " + triggers);
                }
            }
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {BASE, TRIAL, PRODUCTION})
    void workersDrainWithinTheirGracePeriodAdvertiseThePodAndHaveBoundedScratch(String overlay) {
        Manifests render = renders.get(overlay);
        ServiceModule module = modules.stream().filter(m -> m.name().equals("download-worker")).findFirst().orElseThrow();
        Deployment worker = render.deployment("download-worker").orElseThrow();
        Manifests.Workload workload = new Manifests.Workload(worker, worker.getSpec().getTemplate());
        Container container = workload.containers().getFirst();
        Map<String, Env> environment = environment(render, container, new ArrayList<>());
        List<String> problems = new ArrayList<>();
        long grace = Objects.requireNonNullElse(worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds(), 30L);
        if (grace < 2 * module.shutdownPhaseSeconds()) {
            problems.add("terminationGracePeriodSeconds " + grace + " leaves no room past Spring's shutdown phase ("
                    + module.shutdownPhaseSeconds() + " s each) to hand the jobs back");
        }
        if (!"metadata.name".equals(environment.getOrDefault("WORKER_ID", Env.NONE).fieldRef())) {
            problems.add("WORKER_ID is not the pod's name");
        }
        Env url = environment.getOrDefault("WORKER_ADVERTISED_URL", Env.NONE);
        Matcher reference = VARIABLE_REFERENCE.matcher(Objects.toString(url.raw(), ""));
        if (!reference.find() || !"status.podIP".equals(environment.getOrDefault(reference.group(1), Env.NONE).fieldRef())
                || !url.raw().endsWith(":" + module.serverPort(literals(environment)))) {
            problems.add("WORKER_ADVERTISED_URL (" + url.raw() + ") is not http://<pod IP>:<its port>");
        }
        String scratch = literals(environment).get("WORKER_SCRATCH_DIR");
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(scratch)).findFirst().orElse(null);
        Volume volume = mount == null ? null : emptyDir(workload, mount.getName());
        if (volume == null || volume.getEmptyDir().getSizeLimit() == null) {
            problems.add("WORKER_SCRATCH_DIR (" + scratch + ") is not an emptyDir with a size limit");
        }
        assertThat(problems).as(overlay).isEmpty();
    }

    @Test
    void productionReadsItsEndpointsFromItsConfigurationNotTheTrialsServers() {
        ConfigMap config = renders.get(PRODUCTION).configMap("cloudget-config").orElseThrow();
        Set<String> trialServers = renders.get(TRIAL).all(Service.class).stream()
                .filter(s -> "cloudget-infra".equals(Objects.requireNonNullElse(s.getMetadata().getLabels(), Map.<String, String>of())
                        .get("app.kubernetes.io/part-of")))
                .map(s -> s.getMetadata().getName()).collect(java.util.stream.Collectors.toSet());
        assertThat(trialServers).as("the trial's own servers").isNotEmpty();
        List<String> problems = new ArrayList<>();
        config.getData().forEach((key, value) -> {
            for (String server : trialServers) {
                if (Pattern.compile("(?<![\\w.-])" + server + "(?![\\w.-])").matcher(value).find()) {
                    problems.add(key + "=" + value + " names the trial's " + server);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    // ---- the environment of a container, as the kubelet would assemble it

    /** A variable's source: a literal value (after $(VAR) expansion), a Secret key, or a field of the pod. */
    record Env(String raw, String literal, String fieldRef, boolean optional) {
        static final Env NONE = new Env(null, null, null, false);
    }

    private Map<String, Env> environment(Manifests render, Container container, List<String> problems) {
        Map<String, Env> environment = new LinkedHashMap<>();
        String where = container.getName();
        for (EnvFromSource from : Objects.requireNonNullElse(container.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null) {
                boolean optional = Boolean.TRUE.equals(from.getConfigMapRef().getOptional());
                render.configMap(from.getConfigMapRef().getName()).ifPresentOrElse(
                        config -> config.getData().forEach((k, v) -> environment.put(k, new Env(v, v, null, optional))),
                        () -> {
                            if (!optional) {
                                problems.add(where + ": envFrom ConfigMap " + from.getConfigMapRef().getName() + ", which does not exist");
                            }
                        });
            }
            if (from.getSecretRef() != null) {
                boolean optional = Boolean.TRUE.equals(from.getSecretRef().getOptional());
                secretKeys(render, from.getSecretRef().getName(), optional, where, problems)
                        .forEach(k -> environment.put(k, new Env(null, null, null, optional)));
            }
        }
        for (EnvVar env : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            if (env.getValueFrom() == null) {
                String raw = Objects.requireNonNullElse(env.getValue(), "");
                environment.put(env.getName(), new Env(raw, expand(raw, environment), null, false));
            } else if (env.getValueFrom().getSecretKeyRef() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                boolean optional = Boolean.TRUE.equals(ref.getOptional());
                Set<String> keys = secretKeys(render, ref.getName(), optional, where, problems);
                if (!keys.isEmpty() && !keys.contains(ref.getKey()) && !optional) {
                    problems.add(where + ": " + env.getName() + " from key " + ref.getKey() + " of Secret " + ref.getName()
                            + ", which has only " + keys);
                }
                environment.put(env.getName(), new Env(null, null, null, optional));
            } else if (env.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = env.getValueFrom().getConfigMapKeyRef();
                String value = render.configMap(ref.getName()).map(c -> c.getData().get(ref.getKey())).orElse(null);
                if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                    problems.add(where + ": " + env.getName() + " from ConfigMap " + ref.getName() + " key " + ref.getKey() + ", which does not exist");
                }
                environment.put(env.getName(), new Env(value, value, null, Boolean.TRUE.equals(ref.getOptional())));
            } else if (env.getValueFrom().getFieldRef() != null) {
                environment.put(env.getName(), new Env(null, null, env.getValueFrom().getFieldRef().getFieldPath(), false));
            } else {
                environment.put(env.getName(), new Env(null, null, null, false));
            }
        }
        return environment;
    }

    /**
     * The keys of a Secret a pod refers to: the rendered one's, or, where the render has none (the base, production),
     * the ones the README tells the operator to create. An undocumented Secret, or a missing one, is a problem.
     */
    private Set<String> secretKeys(Manifests render, String name, boolean optional, String where, List<String> problems) {
        Secret secret = render.secret(name).orElse(null);
        if (secret != null) {
            return Manifests.keys(secret);
        }
        boolean expectedToPreexist = !render.overlay().equals(TRIAL);
        if (documented.keys().containsKey(name) && (expectedToPreexist || optional)) {
            if (optional != documented.optional().contains(name)) {
                problems.add(where + ": Secret " + name + " is " + (optional ? "" : "not ") + "optional here, but the README says otherwise");
            }
            return documented.keys().get(name);
        }
        problems.add(where + ": Secret " + name + (expectedToPreexist ? " is not in the README's table of Secrets to create"
                : " is not generated by the trial"));
        return Set.of();
    }

    private static String expand(String raw, Map<String, Env> environment) {
        Matcher matcher = VARIABLE_REFERENCE.matcher(raw);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            Env env = environment.get(matcher.group(1));
            String value = env == null ? matcher.group() : env.literal() != null ? env.literal() : "<" + matcher.group(1) + ">";
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(expanded).toString();
    }

    private static Map<String, String> literals(Map<String, Env> environment) {
        Map<String, String> literals = new LinkedHashMap<>();
        environment.forEach((k, v) -> {
            if (v.literal() != null) {
                literals.put(k, v.literal());
            }
        });
        return literals;
    }

    private static Volume emptyDir(Manifests.Workload workload, String name) {
        return Objects.requireNonNullElse(workload.template().getSpec().getVolumes(), List.<Volume>of()).stream()
                .filter(v -> v.getName().equals(name) && v.getEmptyDir() != null).findFirst().orElse(null);
    }

    private static boolean isEmpty(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        return selector == null || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty()));
    }

    static boolean overlaps(String a, String b) {
        BigInteger[] x = range(a);
        BigInteger[] y = range(b);
        return x[0].compareTo(y[1]) <= 0 && y[0].compareTo(x[1]) <= 0;
    }

    private static BigInteger[] range(String cidr) {
        try {
            String[] parts = cidr.split("/");
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int bits = address.length * 8;
            int prefix = Integer.parseInt(parts[1]);
            BigInteger start = new BigInteger(1, address).shiftRight(bits - prefix).shiftLeft(bits - prefix);
            BigInteger end = start.add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE);
            return new BigInteger[] {start, end};
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }
}
