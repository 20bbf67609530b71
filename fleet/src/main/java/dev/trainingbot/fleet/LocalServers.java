package dev.trainingbot.fleet;

import dev.trainingbot.common.config.ConfigException;
import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.DatabaseSettings;
import dev.trainingbot.common.config.Env;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers the local fleet does not start itself — Redis ({@code REDIS_URL}) and PostgreSQL ({@code DATABASE_URL})
 * — checked before anything else starts, so that a person running {@code bin/fleet} learns in one go what to do: start
 * a server that does not answer, or give the credentials a server that answers wants. The database is created when
 * the server answers and it is missing.
 */
final class LocalServers {

    private static final Logger log = LoggerFactory.getLogger(LocalServers.class);

    /** invalid_password, and invalid_authorization_specification (no such role, no pg_hba.conf entry). */
    private static final Set<String> AUTHENTICATION_FAILED = Set.of("28P01", "28000");

    private LocalServers() {}

    /** What keeps the fleet from starting, one message each with what to do; empty when both servers answer. */
    static List<String> problems(Env env) {
        List<String> problems = new ArrayList<>();
        redis(env.get("REDIS_URL").orElseThrow()).ifPresent(problems::add);
        database(env).ifPresent(problems::add);
        return problems;
    }

    private static Optional<String> redis(String url) {
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
            return Optional.of("PostgreSQL is not reachable at " + database.jdbcUrl() + ": "
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
