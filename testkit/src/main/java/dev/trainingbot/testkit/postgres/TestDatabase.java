package dev.trainingbot.testkit.postgres;

import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.DatabaseSettings;
import dev.trainingbot.common.config.Env;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A PostgreSQL database of its own for one test class, created on the test server ({@code TEST_DATABASE_URL}, default
 * {@code postgresql://postgres@127.0.0.1:5432/postgres}, a role allowed to create databases) and dropped, with any
 * connections still open to it, on {@link #close()}. Its name starts with {@code tb_it_}.
 */
public final class TestDatabase implements AutoCloseable {

    private final DatabaseSettings admin;
    private final DatabaseSettings settings;
    private final String name;

    private TestDatabase(DatabaseSettings admin, String name) {
        this.admin = admin;
        this.name = name;
        this.settings = admin.withDatabase(name);
    }

    public static String serverUrl() {
        String url = System.getenv("TEST_DATABASE_URL");
        return url == null || url.isBlank() ? "postgresql://postgres@127.0.0.1:5432/postgres" : url.strip();
    }

    public static TestDatabase create() {
        ConfigReader reader = new ConfigReader(Env.of(Map.of(
                "DATABASE_URL", serverUrl(), "DB_POOL_SIZE", "2", "DB_MAX_OVERFLOW", "8", "DB_POOL_TIMEOUT", "10")));
        DatabaseSettings admin = DatabaseSettings.read(reader);
        reader.validate();
        String name = "tb_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        TestDatabase database = new TestDatabase(admin, name);
        database.execute("CREATE DATABASE " + name);
        return database;
    }

    /** Settings pointing at this database (a small pool). */
    public DatabaseSettings settings() {
        return settings;
    }

    /** {@code DATABASE_URL} for services under test, in the {@code jdbc:postgresql://…?user=…} form. */
    public String url() {
        StringBuilder url = new StringBuilder(settings.jdbcUrl());
        String separator = settings.jdbcUrl().contains("?") ? "&" : "?";
        if (settings.user().isPresent()) {
            url.append(separator).append("user=").append(settings.user().get());
            separator = "&";
        }
        settings.password().ifPresent(p -> url.append("&password=").append(p.reveal()));
        return url.toString();
    }

    public String name() {
        return name;
    }

    /** A new connection to this database; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), properties(settings));
    }

    /**
     * Forbids new connections to this database and ends the open ones, as a database outage looks to the services;
     * {@link #restoreConnections()} ends it.
     */
    public void refuseConnections() {
        execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }

    public void restoreConnections() {
        execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }

    /**
     * Makes this database refuse writes ({@code true}) as a standby does — a connection that reached the old primary
     * right after a failover sees that: every write fails with SQLSTATE 25006 — or take them again ({@code false}).
     * Open connections are ended, so that the services' next ones have the new setting.
     */
    public void readOnly(boolean readOnly) {
        execute("ALTER DATABASE " + name + " SET default_transaction_read_only = " + (readOnly ? "on" : "off"));
        execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), properties(admin));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database " + name + ": '" + sql + "' failed: " + e.getMessage(), e);
        }
    }

    private static Properties properties(DatabaseSettings settings) {
        Properties properties = new Properties();
        settings.user().ifPresent(user -> properties.setProperty("user", user));
        settings.password().ifPresent(password -> properties.setProperty("password", password.reveal()));
        return properties;
    }
}
