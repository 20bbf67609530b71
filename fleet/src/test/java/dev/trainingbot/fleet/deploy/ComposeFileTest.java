package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainingbot.common.kafka.TopicLayout;
import dev.trainingbot.common.kafka.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docker-compose.yml, resolved against .env.example as `docker compose up` would, starts services that accept their
 * configuration, probe what they serve, wait for their dependencies and stop without cutting a drain short.
 */
class ComposeFileTest {

    private static final ComposeFile COMPOSE = ComposeFile.load();

    /** .env.example as an operator fills it in: the empty secrets set. */
    static Map<String, String> dotEnv() {
        return OperatorSecrets.fill(Repository.dotEnv(".env.example"));
    }

    private static FleetService.Settings settings(FleetService service) {
        return service.configure(COMPOSE.environment(service.id(), dotEnv()));
    }

    @ParameterizedTest
    @EnumSource(FleetService.class)
    void everyServiceAcceptsTheEnvironmentComposeGivesIt(FleetService service) {
        Map<String, String> environment = COMPOSE.environment(service.id(), dotEnv());

        FleetService.Settings settings = service.configure(environment);

        assertThat(environment).containsEntry("SERVICE", service.id());
        assertThat(settings.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    }

    @Test
    void composeStopsWithoutExactlyTheSecretsEnvExampleLeavesEmpty() {
        Map<String, String> example = Repository.dotEnv(".env.example");

        assertThat(COMPOSE.requiredVariables()).containsExactlyInAnyOrderElementsOf(OperatorSecrets.STAND_INS.keySet());
        assertThat(OperatorSecrets.STAND_INS.keySet())
                .allSatisfy(name -> assertThat(example).containsEntry(name, ""));
    }

    @ParameterizedTest
    @EnumSource(FleetService.class)
    void healthCheckAsksHealthzOnThePortTheServiceServes(FleetService service) {
        URI probe = URI.create(healthCheckUrl(COMPOSE.service(service.id())));

        assertThat(probe.getPath()).isEqualTo("/healthz");
        assertThat(probe.getPort()).isEqualTo(settings(service).httpPort());
    }

    @Test
    void infrastructureReportsItsHealth() {
        for (String name : List.of("kafka", "redis", "postgres")) {
            assertThat(COMPOSE.service(name).path("healthcheck").path("test").size())
                    .as("healthcheck of %s", name)
                    .isPositive();
        }
    }

    @Test
    void servicesStartOnceTopicsExistAndTheirDependenciesAreHealthy() {
        assertThat(dependencies("kafka-topics")).containsExactlyInAnyOrderEntriesOf(Map.of("kafka", "service_healthy"));
        assertThat(dependencies("ingress"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("kafka-topics", "service_completed_successfully"));
        assertThat(dependencies("worker"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "kafka-topics", "service_completed_successfully",
                        "redis", "service_healthy",
                        "postgres", "service_healthy"));
        assertThat(dependencies("audit-consumer"))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("kafka-topics", "service_completed_successfully", "postgres", "service_healthy"));
    }

    @Test
    void threeWorkersRunAndEachCanOwnAPartition() {
        int replicas = COMPOSE.service("worker").path("deploy").path("replicas").asInt();

        assertThat(replicas).isEqualTo(3);
        assertThat(createdTopics().get(Topics.UPDATES).partitions()).isGreaterThanOrEqualTo(replicas);
    }

    @Test
    void topicsAreCreatedWithTheRetentionOfTheTopicLayout() {
        Map<String, CreatedTopic> topics = createdTopics();

        assertThat(topics).containsOnlyKeys(Topics.withPrefix("").all());
        assertThat(topics.get(Topics.UPDATES).retention()).isEqualTo(TopicLayout.UPDATES_RETENTION);
        assertThat(topics.get(Topics.DEAD_LETTERS).retention()).isEqualTo(TopicLayout.DEAD_LETTER_RETENTION);
        assertThat(topics.get(Topics.AUDIT).retention()).isEqualTo(TopicLayout.AUDIT_RETENTION);
        assertThat(topics.get(Topics.OUTBOX).retention()).isEqualTo(TopicLayout.OUTBOX_RETENTION);
        assertThat(topics.get(Topics.DEAD_LETTERS).partitions()).isEqualTo(1);
        assertThat(topics.get(Topics.OUTBOX).partitions())
                .isEqualTo(topics.get(Topics.UPDATES).partitions());
    }

    @Test
    void workersGetMoreTimeToStopThanTheirDrain() {
        Duration drain = settings(FleetService.WORKER).drainTimeout().orElseThrow();
        Duration grace =
                duration(COMPOSE.service("worker").path("stop_grace_period").asText());

        assertThat(grace).isGreaterThan(drain.plusSeconds(10));
    }

    @Test
    void redisPersistsWithSnapshotsAndAnAppendOnlyFileFsyncedEverySecond() {
        String command = String.join(" ", texts(COMPOSE.service("redis").path("command")));

        assertThat(command)
                .contains("--appendonly yes", "--appendfsync everysec", "--save 900 1")
                .contains("--maxmemory-policy noeviction");
        assertThat(texts(COMPOSE.service("redis").path("volumes"))).anyMatch(v -> v.endsWith(":/data"));
    }

    @Test
    void dockerComposeAcceptsTheFileAndResolvesTheServicesAsTheseTestsDo() {
        ExternalTool compose = ExternalTool.compose();
        Map<String, String> secrets = new HashMap<>(OperatorSecrets.STAND_INS);

        String rendered = compose.run(List.of("--env-file", ".env.example", "-f", ComposeFile.PATH, "config"), secrets);

        JsonNode services = Repository.parseYaml(rendered).path("services");
        for (FleetService service : FleetService.values()) {
            Map<String, String> byCompose = new HashMap<>();
            services.path(service.id())
                    .path("environment")
                    .properties()
                    .forEach(e -> byCompose.put(
                            e.getKey(),
                            e.getValue().isNull() ? "" : e.getValue().asText()));
            assertThat(byCompose).as(service.id()).isEqualTo(COMPOSE.environment(service.id(), dotEnv()));
        }
    }

    record CreatedTopic(int partitions, Duration retention) {}

    /** The topics the kafka-topics service creates, by name without the prefix. */
    private static Map<String, CreatedTopic> createdTopics() {
        String script = String.join("\n", texts(COMPOSE.service("kafka-topics").path("command")));
        Matcher m = Pattern.compile("create \"\\$\\{KAFKA_TOPIC_PREFIX:-}([a-z.]+)\" (\\d+) (\\d+)")
                .matcher(script);
        Map<String, CreatedTopic> topics = new HashMap<>();
        while (m.find()) {
            topics.put(
                    m.group(1),
                    new CreatedTopic(Integer.parseInt(m.group(2)), Duration.ofMillis(Long.parseLong(m.group(3)))));
        }
        return topics;
    }

    private static Map<String, String> dependencies(String service) {
        Map<String, String> conditions = new HashMap<>();
        COMPOSE.service(service)
                .path("depends_on")
                .properties()
                .forEach(e -> conditions.put(
                        e.getKey(), e.getValue().path("condition").asText()));
        return conditions;
    }

    private static String healthCheckUrl(JsonNode service) {
        return texts(service.path("healthcheck").path("test")).stream()
                .filter(part -> part.startsWith("http://"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no http:// URL in " + service.path("healthcheck")));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /** A Compose duration: 40s, 1m30s, 500ms. */
    static Duration duration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            long amount = Long.parseLong(m.group(1));
            total = total.plus(
                    switch (m.group(2)) {
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        default -> Duration.ofMillis(amount);
                    });
            end = m.end();
        }
        if (end != text.length() || text.isEmpty()) {
            throw new AssertionError("not a Compose duration: " + text);
        }
        return total;
    }
}
