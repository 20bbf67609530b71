package dev.trainingbot.fleet.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manifests of one kustomization as {@code kubectl kustomize k8s/<kustomization>} renders them, and the
 * environment a container of them would see. The base is rendered too: it is what both overlays start from.
 */
final class Manifests {

    static final List<String> KUSTOMIZATIONS = List.of("base", "overlays/staging", "overlays/production");

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private final String kustomization;
    private final String text;
    private final List<JsonNode> documents;

    private Manifests(String kustomization, String text) {
        this.kustomization = kustomization;
        this.text = text;
        this.documents = Repository.yamlDocuments(text);
    }

    /** Renders a kustomization once per test run; skips the calling test when kubectl is not installed. */
    static Manifests render(String kustomization) {
        ExternalTool kubectl = ExternalTool.kubectl();
        return RENDERED.computeIfAbsent(
                kustomization, name -> new Manifests(name, kubectl.run(List.of("kustomize", "k8s/" + name), Map.of())));
    }

    /** The multi-document YAML stream kubectl printed. */
    String text() {
        return text;
    }

    List<JsonNode> ofKind(String kind) {
        return documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .toList();
    }

    JsonNode one(String kind, String name) {
        return ofKind(kind).stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(kustomization + " renders no " + kind + " " + name));
    }

    JsonNode deployment(FleetService service) {
        return one("Deployment", service.deploymentName());
    }

    /** The pod template's spec of a Deployment. */
    static JsonNode podSpec(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec");
    }

    /** The single container of a Deployment's pod. */
    static JsonNode container(JsonNode deployment) {
        JsonNode containers = podSpec(deployment).path("containers");
        if (containers.size() != 1) {
            throw new AssertionError(deployment.path("metadata").path("name").asText() + " should run one container");
        }
        return containers.get(0);
    }

    /** The number of a container port given by number or by name. */
    static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port.asText())) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("the container " + container.path("name").asText() + " has no port " + port);
    }

    /**
     * The variables the container of {@code deployment} starts with, resolved as the kubelet does: {@code envFrom}
     * ConfigMaps and Secrets first, then {@code env} over them. ConfigMaps come from the rendered manifests; Secrets
     * from {@code secrets} (the Secret template's keys by Secret name), a missing optional key being left out.
     */
    Map<String, String> containerEnvironment(JsonNode deployment, Map<String, Map<String, String>> secrets) {
        JsonNode container = container(deployment);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            if (source.has("configMapRef")) {
                env.putAll(configMap(source.path("configMapRef").path("name").asText()));
            } else if (source.has("secretRef")) {
                env.putAll(secret(secrets, source.path("secretRef").path("name").asText()));
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            if (variable.has("value")) {
                env.put(name, variable.path("value").asText());
                continue;
            }
            JsonNode from = variable.path("valueFrom");
            JsonNode ref = from.has("secretKeyRef") ? from.path("secretKeyRef") : from.path("configMapKeyRef");
            Map<String, String> source = from.has("secretKeyRef")
                    ? secret(secrets, ref.path("name").asText())
                    : configMap(ref.path("name").asText());
            String key = ref.path("key").asText();
            if (source.containsKey(key)) {
                env.put(name, source.get(key));
            } else if (!ref.path("optional").asBoolean(false)) {
                throw new AssertionError(
                        deployment.path("metadata").path("name").asText() + " reads " + name + " from the missing key "
                                + key + " of " + ref.path("name").asText());
            }
        }
        return env;
    }

    private Map<String, String> configMap(String name) {
        Map<String, String> data = new HashMap<>();
        one("ConfigMap", name)
                .path("data")
                .properties()
                .forEach(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static Map<String, String> secret(Map<String, Map<String, String>> secrets, String name) {
        Map<String, String> secret = secrets.get(name);
        if (secret == null) {
            throw new AssertionError("no Secret " + name + " in the template (k8s/secret.template.yaml)");
        }
        return secret;
    }
}
