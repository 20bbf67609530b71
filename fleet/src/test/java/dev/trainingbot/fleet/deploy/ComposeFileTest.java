package dev.trainingbot.fleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trainingbot.common.kafka.TopicLayout;
import dev.trainingbot.common.kafka.Topics;
import dev.trainingbot.ingress.IngressConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docker-compose.yml, rendered by {@code docker compose config} against .env.example as an operator fills it in,
 * gives every service each variable of .env that it reads, starts services that accept their configuration and
 * receive updates without a public URL, probes what they serve, waits for their dependencies and stops without
 * cutting a drain short.
 */
class ComposeFileTest {

    private static final ComposeFile COMPOSE = ComposeFile.load();
    private static final ComposeFile.Rendered RENDERED = ComposeFile.renderFilledIn();

    /** The variables a service needs when nothing else is set; the rest have defaults. */
    static Map<String, String> minimalEnvironment() {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "BOT_TOKEN", OperatorSecrets.STAND_INS.get("BOT_TOKEN"),
                "DATABASE_URL", "postgresql://trainingbot:test-password@postgres:5432/trainingbot",
                "REDIS_URL", "redis://redis:6379");
    }

    private static FleetService.Settings settings(FleetService service) {
        return service.configure(RENDERED.environment(service.id()));
    }

    @ParameterizedTest
    @EnumSource(FleetService.class)
    void everyVariableOfEnvExampleThatTheServiceReadsReachesItWithTheValueOfEnv(FleetService service) {
        Set<String> documented = Repository.dotEnv(ComposeFile.ENV_EXAMPLE).keySet();
        Set<String> read = service.variablesRead();
        Map<String, String> marked = new TreeMap<>();
        documented.stream().filter(read::contains).forEach(name -> marked.put(name, "marked-" + name));
        assertThat(marked)
                .as("variables of .env.example that %s reads", service.id())
                .isNotEmpty();
        Map<String, String> markedIn = new HashMap<>(OperatorSecrets.STAND_INS);
        markedIn.putAll(marked);

        Map<String, String> environment = ComposeFile.render(markedIn).environment(service.id());

        assertThat(environment)
                .as("the environment Compose gives %s", service.id())
                .containsAllEntriesOf(marked);
    }

    @ParameterizedTest
    @EnumSource(FleetService.class)
    void everyServiceAcceptsTheEnvironmentComposeGivesIt(FleetService service) {
        Map<String, String> environment = RENDERED.environment(service.id());

        FleetService.Settings settings = service.configure(environment);

        assertThat(environment).containsEntry("SERVICE", service.id());
        assertThat(settings.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    }

    @Test
    void aFirstDeployWithoutAPublicUrlPollsTelegramForItsUpdates() {
        IngressConfig config = (IngressConfig) settings(FleetService.INGRESS).config();

        assertThat(config.mode()).isEqualTo(IngressConfig.POLLING);
    }

    @Test
    void aWebhookUrlInEnvServesAndRegistersTheWebhook() {
        Map<String, String> values = new HashMap<>(OperatorSecrets.STAND_INS);
        values.put("WEBHOOK_URL", "https://bot.example.com/telegram/webhook");

        IngressConfig config = (IngressConfig) FleetService.INGRESS
                .configure(ComposeFile.render(values).environment("ingress"))
                .config();

        assertThat(config.mode()).isEqualTo(IngressConfig.WEBHOOK);
        assertThat(config.webhookPath()).isEqualTo("/telegram/webhook");
        assertThat(config.unregisteredWebhook()).isFalse();
    }

    @Test
    void composeRefusesToStartWithoutTheBotTokenOrTheDatabasePasswordAndSaysWhich() {
        for (String secret : List.of("BOT_TOKEN", "POSTGRES_PASSWORD")) {
            Map<String, String> values = new HashMap<>(OperatorSecrets.STAND_INS);
            values.put(secret, "");

            assertThatThrownBy(() -> ComposeFile.render(values))
                    .as("docker compose config without %s", secret)
                    .hasMessageContaining("set " + secret + " in .env");
        }
        assertThat(Repository.dotEnv(ComposeFile.ENV_EXAMPLE))
                .containsEntry("BOT_TOKEN", "")
                .containsEntry("POSTGRES_PASSWORD", "")
                .containsEntry("WEBHOOK_SECRET", "");
    }

    @Test
    void aBcryptHashInSingleQuotesReachesTheWorkersUnchanged() {
        String hash = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
        Map<String, String> values = new HashMap<>(OperatorSecrets.STAND_INS);
        values.put("ADMIN_PASS_HASH", "'" + hash + "'");

        assertThat(ComposeFile.render(values).environment("worker")).containsEntry("ADMIN_PASS_HASH", hash);
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
