package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.audit.AuditConsumerMain;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.ingress.IngressMain;
import dev.trainingbot.testkit.kafka.TestKafka;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.testkit.redis.TestRedis;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.worker.WorkerMain;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code healthcheck} command of each service, against the real services and against a missing one. */
class HealthCheckIT {

    private static BotApiEmulator telegram;
    private static TestDatabase database;
    private static TestRedis redis;
    private static Env env;

    @BeforeAll
    static void start() {
        telegram = BotApiEmulator.start();
        database = TestDatabase.create();
        try (HikariDataSource pool = Database.pool(database.settings(), "healthcheck-it", new SimpleMeterRegistry())) {
            Database.migrate(pool);
        }
        redis = TestRedis.claim();
        KafkaSettings kafka = TestKafka.newNamespace(2);
        Map<String, String> variables = new HashMap<>();
        variables.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        variables.put("KAFKA_TOPIC_PREFIX", kafka.topicPrefix());
        variables.put("REDIS_URL", TestRedis.serverUrl());
        variables.put("REDIS_FSM_DB", Integer.toString(redis.fsmDb()));
        variables.put("REDIS_THROTTLE_DB", Integer.toString(redis.throttleDb()));
        variables.put("DATABASE_URL", database.url());
        variables.put("BOT_TOKEN", telegram.token());
        variables.put("TELEGRAM_API_URL", telegram.baseUrl());
        variables.put("WEBHOOK_SECRET", "healthcheck-secret");
        variables.put("CONTENT_PATH", "../content/course.yaml");
        env = Env.of(variables);
    }

    @AfterAll
    static void stop() {
        telegram.close();
        redis.close();
        database.close();
    }

    @Test
    void theWorkerPrintsTheSeedsTableAndPassesAgainstTheRealServices() {
        Run run = run(out -> WorkerMain.healthcheck(List.of(), env, out));

        assertThat(run.exit()).isZero();
        assertThat(run.lines())
                .containsExactly(
                        "✓ Environment      All critical env vars present",
                        "✓ Filesystem       Filesystem OK",
                        "✓ Database         DB OK (users: 0)",
                        "✓ Redis            Redis OK (FSM + throttling)",
                        run.lines().get(4),
                        "✓ Telegram API     Telegram API OK (@" + telegram.username() + ")",
                        "✓ Admin password   not set: the admin panel is off",
                        "✅ HEALTH CHECK: PASSED");
        assertThat(run.lines().get(4))
                .startsWith("✓ Kafka            Kafka OK (1 broker;")
                .contains("tg.updates: 2 partitions");
    }

    @Test
    void withRedisDownTheWorkerShowsIt() {
        Run run = run(out -> WorkerMain.healthcheck(
                List.of(), env.with(Map.of("REDIS_URL", "redis://127.0.0.1:" + FleetUnderTest.freePort())), out));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines()).anyMatch(line -> line.startsWith("✗ Redis            Redis unreachable"));
        assertThat(run.lines().getLast()).isEqualTo("❌ HEALTH CHECK: FAILED");
    }

    @Test
    void aLegacyAdminHashIsAWarningThatDoesNotFail() {
        Run run =
                run(out -> WorkerMain.healthcheck(List.of(), env.with(Map.of("ADMIN_PASS_HASH", "a".repeat(64))), out));

        assertThat(run.exit()).isZero();
        assertThat(run.lines()).anyMatch(line -> line.startsWith("⚠ Admin password   legacy SHA-256 hash"));
    }

    @Test
    void machinesGetJson() throws Exception {
        Run run = run(out -> WorkerMain.healthcheck(List.of("--json"), env, out));

        JsonNode json = new ObjectMapper().readTree(run.output());
        assertThat(json.path("status").asText()).isEqualTo("passed");
        assertThat(json.path("checks")).hasSize(7);
        assertThat(json.path("checks").get(2).path("detail").asText()).isEqualTo("DB OK (users: 0)");
    }

    @Test
    void theIngressAndTheAuditConsumerCheckWhatTheyUse() {
        Run ingress = run(out -> IngressMain.healthcheck(List.of(), env, out));
        Run audit = run(out -> AuditConsumerMain.healthcheck(List.of(), env, out));

        assertThat(ingress.exit()).isZero();
        assertThat(ingress.checked()).containsExactly("Environment", "Filesystem", "Kafka", "Telegram API");
        assertThat(audit.exit()).isZero();
        assertThat(audit.checked()).containsExactly("Environment", "Filesystem", "Database", "Kafka");
    }

    @Test
    void aMissingVariableFailsTheEnvironmentLineNamingIt() {
        Map<String, String> without = new HashMap<>(env.asMap());
        without.remove("BOT_TOKEN");

        Run run = run(out -> IngressMain.healthcheck(List.of(), Env.of(without), out));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines().getFirst()).startsWith("✗ Environment").contains("Missing required variable BOT_TOKEN");
    }

    private record Run(int exit, String output) {
        List<String> lines() {
            return output.lines().toList();
        }

        /** The names of the checks, without the verdict. */
        List<String> checked() {
            List<String> lines = lines();
            return lines.subList(0, lines.size() - 1).stream()
                    .map(line -> line.substring(2, 18).strip())
                    .toList();
        }
    }

    private static Run run(ToIntFunction<PrintStream> command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = command.applyAsInt(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }
}
