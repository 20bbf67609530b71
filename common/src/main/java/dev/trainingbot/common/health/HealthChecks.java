package dev.trainingbot.common.health;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.DatabaseSettings;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.config.RedisSettings;
import dev.trainingbot.common.config.TelegramSettings;
import dev.trainingbot.common.db.DatabaseProbe;
import dev.trainingbot.common.http.Probe;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.kafka.KafkaProbe;
import dev.trainingbot.common.kafka.Topics;
import dev.trainingbot.common.telegram.RawBotApi;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * The checks of the {@code healthcheck} command, each built from the environment and answering within a few
 * seconds: the operator's view of whether a service could start and serve here, one dependency per line.
 */
public final class HealthChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private HealthChecks() {}

    /** The service's whole configuration parses: every critical variable present and valid. */
    public static Supplier<CheckResult> environment(Env env, Consumer<Env> parse) {
        return () -> {
            try {
                parse.accept(env);
                return CheckResult.passed("Environment", "All critical env vars present");
            } catch (ConfigException e) {
                return CheckResult.failed("Environment", String.join("; ", e.problems()));
            }
        };
    }

    /**
     * The temporary directory ({@code java.io.tmpdir}) is writable: the one place the services write, for the JVM's
     * performance data and the native libraries that Netty and Kafka's compression codecs unpack there. The working
     * directory is not checked: the image's {@code /app} belongs to root and Kubernetes mounts the root filesystem
     * read-only, with {@code /tmp} an {@code emptyDir}.
     */
    public static Supplier<CheckResult> filesystem() {
        return filesystem(temporaryDirectory(), Map.of());
    }

    /**
     * As {@link #filesystem()}, and the file the service reads from {@code variable} ({@code defaultPath} when unset,
     * relative to the working directory) is readable — the worker's {@code CONTENT_PATH}.
     */
    public static Supplier<CheckResult> filesystem(Env env, String variable, String defaultPath) {
        return filesystem(
                temporaryDirectory(), Map.of(variable, Path.of(env.get(variable).orElse(defaultPath))));
    }

    /** {@code temporary} is writable and every file of {@code readable} (by the variable naming it) is readable. */
    static Supplier<CheckResult> filesystem(Path temporary, Map<String, Path> readable) {
        return () -> {
            try {
                Files.delete(Files.createTempFile(temporary, ".healthcheck", ".tmp"));
            } catch (IOException | RuntimeException e) {
                return CheckResult.failed(
                        "Filesystem", "temporary directory " + temporary + " (java.io.tmpdir) is not writable: " + e);
            }
            for (Map.Entry<String, Path> file : readable.entrySet()) {
                Path path = file.getValue().toAbsolutePath();
                if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                    return CheckResult.failed("Filesystem", file.getKey() + " " + path + " is not a readable file");
                }
            }
            return CheckResult.passed("Filesystem", "Filesystem OK");
        };
    }

    private static Path temporaryDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Connects and counts the users: {@code DB OK (users: N)}. */
    public static Supplier<CheckResult> database(Env env) {
        return () -> {
            DatabaseSettings settings = read(env, DatabaseSettings::read);
            if (settings == null) {
                return CheckResult.failed("Database", "DATABASE_URL is missing or invalid");
            }
            var config = settings.hikariConfig("healthcheck");
            config.setMinimumIdle(0);
            config.setMaximumPoolSize(1);
            config.setConnectionTimeout(TIMEOUT.toMillis());
            config.setInitializationFailTimeout(-1);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                return from(new DatabaseProbe(pool).run());
            }
        };
    }

    /** Pings the FSM and the throttle database: {@code Redis OK (FSM + throttling)}. */
    public static Supplier<CheckResult> redis(Env env) {
        return () -> {
            RedisSettings settings = read(env, RedisSettings::read);
            if (settings == null) {
                return CheckResult.failed("Redis", "REDIS_URL is missing or invalid");
            }
            RedisClient client = RedisClient.create();
            try {
                for (RedisURI uri : List.of(settings.fsmUri(), settings.throttleUri())) {
                    uri.setTimeout(TIMEOUT);
                    try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
                        connection.sync().ping();
                    }
                }
                return CheckResult.passed("Redis", "Redis OK (FSM + throttling)");
            } catch (RuntimeException e) {
                return CheckResult.failed(
                        "Redis", "Redis unreachable at " + settings.displayUrl() + ": " + e.getMessage());
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        };
    }

    /** The cluster answers and the service's topics exist: {@code Kafka OK (1 broker; tg.updates: 12 partitions)}. */
    public static Supplier<CheckResult> kafka(Env env, Function<Topics, List<String>> topics) {
        return () -> {
            KafkaSettings settings = read(env, KafkaSettings::read);
            if (settings == null) {
                return CheckResult.failed("Kafka", "KAFKA_BOOTSTRAP_SERVERS is missing or invalid");
            }
            Map<String, Object> config = KafkaClients.admin(settings, "healthcheck");
            config.put("default.api.timeout.ms", (int) TIMEOUT.toMillis());
            config.put("request.timeout.ms", (int) TIMEOUT.toMillis());
            try (Admin admin = Admin.create(config)) {
                return from(new KafkaProbe(admin, topics.apply(settings.topics())).run());
            }
        };
    }

    /** {@code getMe} answers with the bot's name: {@code Telegram API OK (@name)}. */
    public static Supplier<CheckResult> telegram(Env env) {
        return () -> {
            TelegramSettings settings = read(env, TelegramSettings::read);
            if (settings == null) {
                return CheckResult.failed("Telegram API", "BOT_TOKEN or TELEGRAM_API_URL is missing or invalid");
            }
            try (HttpClient http =
                    HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
                var me = new RawBotApi(settings, http, Json.mapper()).call("getMe", Map.of(), TIMEOUT);
                return CheckResult.passed(
                        "Telegram API",
                        "Telegram API OK (@" + me.path("username").asText() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CheckResult.failed("Telegram API", "interrupted");
            } catch (Exception e) {
                return CheckResult.failed("Telegram API", "Telegram API unreachable: " + e.getMessage());
            }
        };
    }

    /**
     * The admin password's hash is bcrypt. A legacy 64-hex SHA-256 still works, but is a warning until replaced; an
     * unset hash means the admin panel is off.
     */
    public static Supplier<CheckResult> adminPassword(Env env) {
        return () -> {
            String hash = env.get("ADMIN_PASS_HASH").orElse("");
            if (hash.isEmpty()) {
                return CheckResult.passed("Admin password", "not set: the admin panel is off");
            }
            if (hash.matches("[0-9a-fA-F]{64}")) {
                return CheckResult.warning(
                        "Admin password",
                        "legacy SHA-256 hash: generate a bcrypt one with 'java -jar worker.jar generate-admin-hash'"
                                + " and replace ADMIN_PASS_HASH");
            }
            return CheckResult.passed("Admin password", "bcrypt hash");
        };
    }

    private static CheckResult from(Probe probe) {
        return probe.ok()
                ? CheckResult.passed(probe.name(), probe.detail())
                : CheckResult.failed(probe.name(), probe.detail());
    }

    /** Reads one settings record; null when its variables are wrong (the Environment line says how). */
    private static <T> T read(Env env, Function<ConfigReader, T> reader) {
        ConfigReader config = new ConfigReader(env);
        T settings = reader.apply(config);
        try {
            config.validate();
            return settings;
        } catch (ConfigException e) {
            return null;
        }
    }
}
