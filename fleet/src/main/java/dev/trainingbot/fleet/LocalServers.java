package dev.trainingbot.fleet;

import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.DatabaseSettings;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.testkit.redis.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis and PostgreSQL the local fleet uses: those {@code REDIS_URL} and {@code DATABASE_URL} name; without them
 * the local servers on their default ports when they answer; else servers of its own — {@code redis-server} when it is
 * installed (empty at every start) and an embedded PostgreSQL whose data stays under a local folder, so the course
 * progress survives a restart. Checked before anything else starts, so that a person running {@code bin/fleet} learns
 * in one go what to do: start a server that does not answer, install Redis, or give the credentials a server that
 * answers wants. The database is created when the server answers and it is missing. Closing stops what was started.
 */
final class LocalServers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalServers.class);

    /** invalid_password, and invalid_authorization_specification (no such role, no pg_hba.conf entry). */
    private static final Set<String> AUTHENTICATION_FAILED = Set.of("28P01", "28000");

    private static final String INSTALL_REDIS = "install Redis (Debian/Ubuntu: sudo apt-get install redis-server;"
            + " Fedora: sudo dnf install redis; macOS: brew install redis) or point REDIS_URL at one";

    private final Map<String, String> urls;
    private final List<String> problems;
    private final List<AutoCloseable> started;

    private LocalServers(Map<String, String> urls, List<String> problems, List<AutoCloseable> started) {
        this.urls = urls;
        this.problems = problems;
        this.started = started;
    }

    /**
     * Finds or starts the two servers. {@code defaultRedis} and {@code defaultDatabase} are where they are looked for
     * when the variables are unset; the embedded PostgreSQL keeps its data in {@code dataDirectory}.
     */
    static LocalServers provide(Env env, String defaultRedis, String defaultDatabase, Path dataDirectory) {
        Map<String, String> urls = new HashMap<>();
        List<String> problems = new ArrayList<>();
        List<AutoCloseable> started = new ArrayList<>();
        Optional<String> redis = env.get("REDIS_URL");
        if (redis.isPresent()) {
            redisProblem(redis.get()).ifPresent(problems::add);
        } else if (redisProblem(defaultRedis).isEmpty()) {
            urls.put("REDIS_URL", defaultRedis);
        } else if (RedisServerProcess.available()) {
            RedisServerProcess server = RedisServerProcess.start();
            started.add(server);
            urls.put("REDIS_URL", server.url());
            log.info(
                    "no Redis answers at {}: started redis-server at {} (it keeps nothing across restarts)",
                    defaultRedis,
                    server.url());
        } else {
            problems.add("Redis does not answer at " + defaultRedis + " and redis-server is not installed: "
                    + INSTALL_REDIS + ".");
        }
        if (env.get("DATABASE_URL").isPresent()) {
            database(env).ifPresent(problems::add);
        } else {
            Env fallback = env.with(Map.of("DATABASE_URL", defaultDatabase));
            Optional<String> problem = database(fallback);
            if (problem.isEmpty()) {
                urls.put("DATABASE_URL", defaultDatabase);
            } else if (problem.get().startsWith(UNREACHABLE)) {
                try {
                    EmbeddedPostgres postgres = startEmbedded(dataDirectory);
                    started.add(postgres);
                    String url = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/trainingbot";
                    database(env.with(Map.of("DATABASE_URL", url))).ifPresent(problems::add);
                    urls.put("DATABASE_URL", url);
                    log.info(
                            "no PostgreSQL answers at {}: started one at 127.0.0.1:{} with its data in {}",
                            defaultDatabase.replaceAll("^postgresql://[^@]*@", ""),
                            postgres.getPort(),
                            dataDirectory.toAbsolutePath());
                } catch (IOException | RuntimeException e) {
                    problems.add("PostgreSQL does not answer at " + defaultDatabase + " and the embedded one did not"
                            + " start in " + dataDirectory.toAbsolutePath() + ": " + e.getMessage());
                }
            } else {
                problems.add(problem.get());
            }
        }
        return new LocalServers(Map.copyOf(urls), List.copyOf(problems), started);
    }

    /**
     * What keeps the fleet from starting with the servers {@code REDIS_URL} and {@code DATABASE_URL} name, one message
     * each with what to do; empty when both answer.
     */
    static List<String> problems(Env env) {
        try (LocalServers named = provide(env, "", "", Path.of(""))) {
            return named.problems();
        }
    }

    /** {@code REDIS_URL} and {@code DATABASE_URL} of the servers found or started (those the environment names stay). */
    Map<String, String> urls() {
        return urls;
    }

    List<String> problems() {
        return problems;
    }

    /** Stops the servers this started, the database last written first. */
    @Override
    public void close() {
        for (AutoCloseable server : started.reversed()) {
            try {
                server.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", server.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    private static EmbeddedPostgres startEmbedded(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                // An existing cluster is started as it is, so what the fleet wrote is there again.
                .setCleanDataDirectory(false)
                // Two workers and the audit-consumer open up to DB_POOL_SIZE + DB_MAX_OVERFLOW connections each.
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    private static Optional<String> redisProblem(String url) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> redis = client.connect(RedisURI.create(url))) {
            redis.sync().ping();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("Redis is not reachable at " + url.replaceAll("//[^@]*@", "//") + ": " + e.getMessage()
                    + "\n  Start it, e.g.: redis-server --daemonize yes (or point REDIS_URL at one).");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private static final String UNREACHABLE = "PostgreSQL is not reachable at ";

    private static Optional<String> database(Env env) {
        ConfigReader reader = new ConfigReader(env);
        DatabaseSettings database = DatabaseSettings.read(reader);
        try {
            reader.validate();
        } catch (ConfigException e) {
            return Optional.of(e.getMessage());
        }
        try {
            createDatabaseIfMissing(database);
            return Optional.empty();
        } catch (SQLException e) {
            if (AUTHENTICATION_FAILED.contains(e.getSQLState())) {
                return Optional.of("PostgreSQL at " + database.jdbcUrl() + " answers but refuses "
                        + database.user().map(user -> "user " + user).orElse("the connection") + " ("
                        + e.getSQLState() + "): " + e.getMessage()
                        + "\n  Give its credentials in DATABASE_URL, e.g.:"
                        + " DATABASE_URL=postgresql://postgres:<password>@127.0.0.1:5432/trainingbot bin/fleet"
                        + "\n  (a fresh PostgreSQL asks for a password over TCP; set one with"
                        + " sudo -u postgres psql -c \"ALTER USER postgres PASSWORD '<password>'\").");
            }
            return Optional.of(UNREACHABLE + database.jdbcUrl() + ": "
                    + e.getMessage()
                    + "\n  Start it, e.g.: pg_ctlcluster <version> main start (or point DATABASE_URL at one).");
        }
    }

    private static void createDatabaseIfMissing(DatabaseSettings database) throws SQLException {
        Properties credentials = new Properties();
        database.user().ifPresent(user -> credentials.setProperty("user", user));
        database.password().ifPresent(password -> credentials.setProperty("password", password.reveal()));
        try (Connection ignored = DriverManager.getConnection(database.jdbcUrl(), credentials)) {
            return;
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) {
                throw e;
            }
        }
        String name = database.jdbcUrl().replaceAll(".*/([^/?]+)(\\?.*)?$", "$1");
        try (Connection server = DriverManager.getConnection(
                        database.withDatabase("postgres").jdbcUrl(), credentials);
                Statement create = server.createStatement()) {
            create.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
            log.info("created the database {}", name);
        }
    }
}
