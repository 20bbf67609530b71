package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.TopicLayout;
import dev.trainingbot.common.kafka.Topics;
import dev.trainingbot.ingress.IngressConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The base and each overlay, rendered by {@code kubectl kustomize}, run containers that accept their configuration (the
 * ConfigMap, the Secret template's keys and the Deployment's own variables), probe what they serve, scale no further
 * than tg.updates has partitions, and get longer to stop than the worker drains.
 */
class KubernetesManifestsTest {

    static final List<String> KUSTOMIZATIONS = Manifests.KUSTOMIZATIONS;

    private static final String SECRET_TEMPLATE = "k8s/secret.template.yaml";
    private static final String SCHEMA_CHECK = "k8s/schema";

    /** The Secret template filled in by an operator, by Secret name. */
    private static Map<String, Map<String, String>> secrets() {
        JsonNode template = Repository.yaml(SECRET_TEMPLATE);
        Map<String, String> values = new HashMap<>();
        template.path("stringData")
                .properties()
                .forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return Map.of(template.path("metadata").path("name").asText(), OperatorSecrets.fill(values));
    }

    private static FleetService.Settings settings(Manifests manifests, FleetService service) {
        return service.configure(manifests.containerEnvironment(manifests.deployment(service), secrets()));
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyServiceAcceptsThePodEnvironment(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);

        for (FleetService service : FleetService.values()) {
            Map<String, String> environment = manifests.containerEnvironment(manifests.deployment(service), secrets());
            service.configure(environment);
            assertThat(environment).as(service.id()).containsEntry("SERVICE", service.id());
        }
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyObjectMatchesTheSchemaOfItsKind(String kustomization, @TempDir Path dir) throws IOException {
        Manifests manifests = Manifests.render(kustomization);
        ExternalTool node = ExternalTool.node();
        assumeTrue(
                Files.isDirectory(Repository.file(SCHEMA_CHECK + "/node_modules")),
                "skipped: the schemas are not installed: npm ci --prefix " + SCHEMA_CHECK + " (.ci/run does it)");
        Path rendered = dir.resolve("rendered.yaml");
        Files.writeString(rendered, manifests.text());

        String report = node.run(List.of(SCHEMA_CHECK + "/validate.mjs", rendered.toString()), Map.of());

        // Strimzi publishes no schema package; the structural tests below cover its KafkaTopics.
        assertThat(report.strip().lines().toList().getLast())
                .matches("checked \\d+, invalid 0, without schema: kafka.strimzi.io/v1beta2/KafkaTopic");
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void probesAskServedPathsOnThePortTheServiceListensOn(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);

        for (FleetService service : FleetService.values()) {
            JsonNode container = Manifests.container(manifests.deployment(service));
            int port = settings(manifests, service).httpPort();
            assertThat(Manifests.containerPort(container, TextNode.valueOf("http")))
                    .as("%s container port http", service.id())
                    .isEqualTo(port);
            assertProbe(container, "startupProbe", "/healthz", port);
            assertProbe(container, "livenessProbe", "/healthz", port);
            assertProbe(container, "readinessProbe", "/readyz", port);
        }
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void workersGetMoreTimeToStopThanTheirDrain(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        JsonNode worker = manifests.deployment(FleetService.WORKER);
        Duration drain = settings(manifests, FleetService.WORKER).drainTimeout().orElseThrow();

        Duration grace = Duration.ofSeconds(
                Manifests.podSpec(worker).path("terminationGracePeriodSeconds").asLong());

        // The drain, then the final commit and the producer's flush, after any preStop pause.
        assertThat(grace)
                .isGreaterThan(
                        drain.plus(preStopSleep(Manifests.container(worker))).plusSeconds(10));
        for (FleetService service : FleetService.values()) {
            JsonNode deployment = manifests.deployment(service);
            assertThat(Manifests.podSpec(deployment)
                            .path("terminationGracePeriodSeconds")
                            .asLong())
                    .as("%s terminationGracePeriodSeconds", service.id())
                    .isGreaterThan(preStopSleep(Manifests.container(deployment)).toSeconds());
        }
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void oneAutoscalerOwnsTheWorkersAndStopsAtThePartitionsOfTheUpdatesTopic(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        KafkaSettings kafka = settings(manifests, FleetService.WORKER).kafka();
        int partitions = kafkaTopic(manifests, kafka.topics().updates())
                .path("spec")
                .path("partitions")
                .asInt();

        List<JsonNode> hpas = manifests.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> targetsWorkers(h.path("spec").path("scaleTargetRef")))
                .toList();
        List<JsonNode> scaledObjects = manifests.ofKind("ScaledObject").stream()
                .filter(s -> targetsWorkers(s.path("spec").path("scaleTargetRef")))
                .toList();

        assertThat(hpas.size() + scaledObjects.size())
                .as("autoscalers of the workers")
                .isEqualTo(1);
        assertThat(manifests.deployment(FleetService.WORKER).path("spec").has("replicas"))
                .as("replicas of an autoscaled Deployment")
                .isFalse();
        int max = hpas.isEmpty()
                ? scaledObjects.getFirst().path("spec").path("maxReplicaCount").asInt()
                : hpas.getFirst().path("spec").path("maxReplicas").asInt();
        int min = hpas.isEmpty()
                ? scaledObjects.getFirst().path("spec").path("minReplicaCount").asInt()
                : hpas.getFirst().path("spec").path("minReplicas").asInt();
        assertThat(max).isLessThanOrEqualTo(partitions).isGreaterThanOrEqualTo(min);
        assertThat(min).isPositive();
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void kedaScalesOnTheLagOfTheWorkersGroup(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        KafkaSettings kafka = settings(manifests, FleetService.WORKER).kafka();

        for (JsonNode scaledObject : manifests.ofKind("ScaledObject")) {
            JsonNode trigger = scaledObject.path("spec").path("triggers").get(0);
            assertThat(trigger.path("type").asText()).isEqualTo("kafka");
            JsonNode metadata = trigger.path("metadata");
            assertThat(metadata.path("topic").asText()).isEqualTo(kafka.topics().updates());
            assertThat(metadata.path("consumerGroup").asText()).isEqualTo(kafka.group("workers"));
            assertThat(metadata.path("bootstrapServers").asText()).isEqualTo(kafka.bootstrapServers());
            assertThat(metadata.path("allowIdleConsumers").asText()).isEqualTo("false");
        }
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void kafkaTopicsFollowTheTopicLayout(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        Topics topics = settings(manifests, FleetService.WORKER).kafka().topics();

        assertThat(manifests.ofKind("KafkaTopic")).hasSize(topics.all().size());
        assertRetention(kafkaTopic(manifests, topics.updates()), TopicLayout.UPDATES_RETENTION);
        assertRetention(kafkaTopic(manifests, topics.deadLetters()), TopicLayout.DEAD_LETTER_RETENTION);
        assertRetention(kafkaTopic(manifests, topics.audit()), TopicLayout.AUDIT_RETENTION);
        assertRetention(kafkaTopic(manifests, topics.outbox()), TopicLayout.OUTBOX_RETENTION);
        assertThat(kafkaTopic(manifests, topics.deadLetters())
                        .path("spec")
                        .path("partitions")
                        .asInt())
                .isEqualTo(1);
        assertThat(kafkaTopic(manifests, topics.outbox())
                        .path("spec")
                        .path("partitions")
                        .asInt())
                .isEqualTo(kafkaTopic(manifests, topics.updates())
                        .path("spec")
                        .path("partitions")
                        .asInt());
        for (JsonNode topic : manifests.ofKind("KafkaTopic")) {
            JsonNode spec = topic.path("spec");
            assertThat(spec.path("config").path("min.insync.replicas").asInt())
                    .isEqualTo(Math.min(2, spec.path("replicas").asInt()));
            assertThat(topic.path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())
                    .isNotEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void webhookIngressRoutesTheWebhookUrlToTheIngressContainer(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);
        IngressConfig config =
                (IngressConfig) settings(manifests, FleetService.INGRESS).config();
        URI webhook = config.webhookUrl().orElseThrow(() -> new AssertionError("WEBHOOK_URL is not set"));
        JsonNode rule = manifests
                .one("Ingress", "trainingbot-webhook")
                .path("spec")
                .path("rules")
                .get(0);
        JsonNode path = rule.path("http").path("paths").get(0);

        assertThat(webhook.getScheme()).isEqualTo("https");
        assertThat(rule.path("host").asText()).isEqualTo(webhook.getHost());
        assertThat(path.path("path").asText()).isEqualTo(config.webhookPath());
        assertThat(manifests
                        .one("Ingress", "trainingbot-webhook")
                        .path("spec")
                        .path("tls")
                        .get(0)
                        .path("hosts"))
                .extracting(JsonNode::asText)
                .containsExactly(webhook.getHost());

        JsonNode backend = path.path("backend").path("service");
        JsonNode service = manifests.one("Service", backend.path("name").asText());
        JsonNode servicePort = StreamSupport.stream(
                        service.path("spec").path("ports").spliterator(), false)
                .filter(p -> p.path("name")
                        .asText()
                        .equals(backend.path("port").path("name").asText()))
                .findFirst()
                .orElseThrow();
        JsonNode container = Manifests.container(manifests.deployment(FleetService.INGRESS));
        assertThat(Manifests.containerPort(container, servicePort.path("targetPort")))
                .isEqualTo(config.http().port());
        assertThat(service.path("spec").path("selector"))
                .isEqualTo(manifests
                        .deployment(FleetService.INGRESS)
                        .path("spec")
                        .path("selector")
                        .path("matchLabels"));
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void podsRunAsTheImagesNonRootUserWithoutPrivileges(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);

        for (FleetService service : FleetService.values()) {
            JsonNode pod = Manifests.podSpec(manifests.deployment(service));
            JsonNode container = Manifests.container(manifests.deployment(service));
            JsonNode security = container.path("securityContext");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
                    .isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asText()).isEqualTo(DockerfileTest.imageUser());
            assertThat(security.path("allowPrivilegeEscalation").asBoolean(true))
                    .isFalse();
            assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
            assertThat(container.path("volumeMounts"))
                    .extracting(m -> m.path("mountPath").asText())
                    .as("a writable /tmp for the JVM and Netty")
                    .contains("/tmp");
            assertThat(container.path("resources").path("limits").path("memory").asText())
                    .isNotEmpty();
            assertThat(pod.path("topologySpreadConstraints").size()).isPositive();
        }
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void everyDeploymentHasADisruptionBudget(String kustomization) {
        Manifests manifests = Manifests.render(kustomization);

        for (FleetService service : FleetService.values()) {
            JsonNode podLabels = manifests
                    .deployment(service)
                    .path("spec")
                    .path("template")
                    .path("metadata")
                    .path("labels");
            assertThat(manifests.ofKind("PodDisruptionBudget"))
                    .as("a PodDisruptionBudget selecting %s", service.id())
                    .anySatisfy(pdb -> pdb.path("spec")
                            .path("selector")
                            .path("matchLabels")
                            .properties()
                            .forEach(label ->
                                    assertThat(podLabels.path(label.getKey())).isEqualTo(label.getValue())));
        }
    }

    private static void assertProbe(JsonNode container, String probe, String path, int port) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("path").asText())
                .as("%s path of %s", probe, container.path("name").asText())
                .isEqualTo(path);
        assertThat(Manifests.containerPort(container, get.path("port")))
                .as("%s port of %s", probe, container.path("name").asText())
                .isEqualTo(port);
    }

    private static Duration preStopSleep(JsonNode container) {
        JsonNode command =
                container.path("lifecycle").path("preStop").path("exec").path("command");
        if (command.size() == 2 && command.get(0).asText().equals("sleep")) {
            return Duration.ofSeconds(command.get(1).asLong());
        }
        assertThat(command.isMissingNode())
                .as("an unrecognised preStop: %s", command)
                .isTrue();
        return Duration.ZERO;
    }

    private static boolean targetsWorkers(JsonNode ref) {
        return ref.path("name").asText().equals(FleetService.WORKER.deploymentName());
    }

    private static JsonNode kafkaTopic(Manifests manifests, String topicName) {
        return manifests.ofKind("KafkaTopic").stream()
                .filter(t -> t.path("spec").path("topicName").asText().equals(topicName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaTopic with topicName " + topicName));
    }

    private static void assertRetention(JsonNode topic, Duration retention) {
        assertThat(topic.path("spec").path("config").path("retention.ms").asLong())
                .as("retention.ms of %s", topic.path("spec").path("topicName").asText())
                .isEqualTo(retention.toMillis());
    }
}
