package dev.cloudget.deployment;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** One kustomize render, parsed into fabric8's typed model (kinds it does not know become generic resources). */
record Manifests(String overlay, List<HasMetadata> objects) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static Manifests parse(String overlay, String rendered) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : Pattern.compile("(?m)^---\\s*$").split(rendered)) {
            if (!document.isBlank()) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return new Manifests(overlay, objects);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<HasMetadata> ofKind(String kind) {
        return objects.stream().filter(object -> kind.equals(object.getKind())).toList();
    }

    /** Deployments and StatefulSets: what runs pods. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        all(Deployment.class).forEach(d -> workloads.add(new Workload(d, d.getSpec().getTemplate())));
        all(StatefulSet.class).forEach(s -> workloads.add(new Workload(s, s.getSpec().getTemplate())));
        return workloads;
    }

    Optional<Deployment> deployment(String name) {
        return all(Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst();
    }

    Optional<ConfigMap> configMap(String name) {
        return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
    }

    Optional<Secret> secret(String name) {
        return all(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst();
    }

    static Set<String> keys(Secret secret) {
        Set<String> keys = new java.util.TreeSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)));
    }

    /** A Deployment or StatefulSet and the pods it makes. */
    record Workload(HasMetadata owner, PodTemplateSpec template) {

        String name() {
            return owner.getKind() + "/" + owner.getMetadata().getName();
        }

        Map<String, String> podLabels() {
            return Objects.requireNonNullElse(template.getMetadata().getLabels(), Map.of());
        }

        List<Container> containers() {
            return template.getSpec().getContainers();
        }

        /** Whether the port (a number or a name) is one a container of these pods declares. */
        boolean declares(IntOrString port) {
            return containers().stream()
                    .flatMap(c -> Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of()).stream())
                    .anyMatch(p -> port.getIntVal() != null ? port.getIntVal().equals(p.getContainerPort())
                            : port.getStrVal().equals(p.getName()));
        }

        Optional<Integer> containerPort(Container container, IntOrString port) {
            if (port.getIntVal() != null) {
                return Optional.of(port.getIntVal());
            }
            return Objects.requireNonNullElse(container.getPorts(), List.<ContainerPort>of()).stream()
                    .filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst();
        }
    }

    /** Kubernetes' label selector semantics (matchLabels and matchExpressions); an empty selector selects everything. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
                if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                String value = labels.get(requirement.getKey());
                boolean ok = switch (requirement.getOperator()) {
                    case "In" -> value != null && requirement.getValues().contains(value);
                    case "NotIn" -> value == null || !requirement.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}
