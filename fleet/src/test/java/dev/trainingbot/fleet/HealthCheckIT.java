package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    /**
     * As in the image (whose {@code /app} belongs to root while the services run as 10001) and on Kubernetes (a
     * read-only root filesystem, {@code /tmp} an {@code emptyDir}), the working directory takes no new file: each
     * service's jar runs its healthcheck in {@code /proc}, where not even root can create one.
     */
    @Test
    void everyServicePassesTheFilesystemCheckInAWorkingDirectoryItCannotWrite() throws Exception {
        Path readOnly = Path.of("/proc");
        assertThatThrownBy(() -> Files.delete(Files.createTempFile(readOnly, ".probe", ".tmp")))
                .as("the working directory of this test must refuse new files")
                .isInstanceOf(IOException.class);
        Map<String, String> variables = new HashMap<>(env.asMap());
        variables.put(
                "CONTENT_PATH",
                Path.of("../content/course.yaml").toAbsolutePath().normalize().toString());

        for (String service : List.of("ingress", "worker", "audit-consumer")) {
            Run run = runJar(service, readOnly, variables);

            assertThat(run.lines()).as(run.output()).contains("✓ Filesystem       Filesystem OK");
        }
    }

    @Test
    void aCourseFileThatCannotBeReadFailsTheWorkersFilesystemLine() {
        Run run = run(out ->
                WorkerMain.healthcheck(List.of(), env.with(Map.of("CONTENT_PATH", "/nonexistent/course.yaml")), out));

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines())
                .contains("✗ Filesystem       CONTENT_PATH /nonexistent/course.yaml is not a readable file");
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

    /** {@code java -jar <service>.jar healthcheck} in {@code directory}, with exactly {@code variables} set. */
    private static Run runJar(String service, Path directory, Map<String, String> variables) throws Exception {
        Path jar = Path.of("..", service, "target", service + ".jar")
                .toAbsolutePath()
                .normalize();
        assertThat(jar)
                .as("the " + service + " jar, built by the package phase before these tests")
                .exists();
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        // Exactly the service's variables, no locale: UTF-8 as the image's LANG gives it.
                        "-Dstdout.encoding=UTF-8",
                        "-jar",
                        jar.toString(),
                        "healthcheck")
                .directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(variables);
        builder.environment().put("LOG_FORMAT", "text");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static Run run(ToIntFunction<PrintStream> command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = command.applyAsInt(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    }
}
