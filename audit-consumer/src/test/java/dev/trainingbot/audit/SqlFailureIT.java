package dev.trainingbot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.config.ConfigReader;
import dev.trainingbot.common.config.DatabaseSettings;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.common.db.SqlFailure;
import dev.trainingbot.testkit.postgres.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SqlFailure} against the failures the real PostgreSQL and its driver produce: what the worker retries and
 * the audit-consumer pauses for, what the audit-consumer quarantines, and what neither can fix by itself.
 */
class SqlFailureIT {

    private static TestDatabase database;

    @BeforeAll
    static void create() throws SQLException {
        database = TestDatabase.create();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INT PRIMARY KEY, note TEXT, details JSONB, at TIMESTAMPTZ)");
            statement.execute("INSERT INTO t (id) VALUES (1)");
        }
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void aNulInJsonOrTextAndATimeOutOfRangeAreRefusedValues() {
        assertThat(failureOf("INSERT INTO t (id, details) VALUES (2, ?::jsonb)", "{\"data\":\"a\\u0000b\"}"))
                .isEqualTo(SqlFailure.REFUSED_VALUES);
        assertThat(failureOf("INSERT INTO t (id, note) VALUES (3, ?)", "a\0b")).isEqualTo(SqlFailure.REFUSED_VALUES);
        assertThat(failureOf("INSERT INTO t (id, at) VALUES (4, ?::timestamptz)", "+300000-01-01T00:00:00Z"))
                .isEqualTo(SqlFailure.REFUSED_VALUES);
        assertThat(failureOf("INSERT INTO t (id) VALUES (1)")).isEqualTo(SqlFailure.REFUSED_VALUES);
    }

    @Test
    void aReadOnlyTransactionAsRightAfterAFailoverIsUnavailable() {
        assertThat(failureOf("SET TRANSACTION READ ONLY", "INSERT INTO t (id) VALUES (5)"))
                .isEqualTo(SqlFailure.UNAVAILABLE);
    }

    @Test
    void aStatementTimeoutIsUnavailable() {
        assertThat(failureOf("SET LOCAL statement_timeout = '50ms'", "SELECT pg_sleep(5)"))
                .isEqualTo(SqlFailure.UNAVAILABLE);
    }

    @Test
    void aLockTimeoutIsUnavailable() throws SQLException {
        try (Connection holder = database.connect();
                Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("SELECT * FROM t WHERE id = 1 FOR UPDATE");

            assertThat(failureOf("SET LOCAL lock_timeout = '50ms'", "UPDATE t SET note = 'x' WHERE id = 1"))
                    .isEqualTo(SqlFailure.UNAVAILABLE);
            holder.rollback();
        }
    }

    @Test
    void aSessionEndedByTheServerAndARefusedConnectionAreUnavailable() throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            try (Connection admin = database.connect();
                    Statement kill = admin.createStatement()) {
                kill.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + database.name() + "' AND pid <> pg_backend_pid()");
            }
            SQLException ended = catchThrowableOfType(SQLException.class, () -> statement.execute("SELECT 1"));
            assertThat(ended.getSQLState()).isIn("57P01", "08006");
            assertThat(SqlFailure.of(ended)).isEqualTo(SqlFailure.UNAVAILABLE);
        }
        SQLException refused = catchThrowableOfType(
                SQLException.class,
                () -> java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2")
                        .close());
        assertThat(SqlFailure.of(refused)).isEqualTo(SqlFailure.UNAVAILABLE);
    }

    @Test
    void anUndefinedTableIsARefusedStatement() {
        assertThat(failureOf("INSERT INTO missing (id) VALUES (1)")).isEqualTo(SqlFailure.REFUSED_STATEMENT);
    }

    /**
     * {@code DB_SOCKET_TIMEOUT} (shortened here, the one limit under test): a server that does not answer — a
     * half-open connection looks the same to the driver — fails the statement as an outage instead of holding the
     * caller until the answer comes.
     */
    @Test
    void aServerThatDoesNotAnswerWithinTheSocketTimeoutFailsTheStatementAsAnOutage() {
        ConfigReader reader = new ConfigReader(Env.of(Map.of(
                "DATABASE_URL",
                database.url(),
                "DB_POOL_SIZE",
                "1",
                "DB_POOL_TIMEOUT",
                "5",
                "DB_SOCKET_TIMEOUT",
                "1")));
        DatabaseSettings settings = DatabaseSettings.read(reader);
        reader.validate();
        try (HikariDataSource pool = Database.pool(settings, "socket-timeout", new SimpleMeterRegistry())) {
            long started = System.nanoTime();
            SQLException failure = catchThrowableOfType(SQLException.class, () -> {
                try (Connection connection = pool.getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_sleep(30)");
                }
            });
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat((Throwable) failure)
                    .as("the statement outlived the socket timeout")
                    .isNotNull();
            assertThat(SqlFailure.of(failure)).isEqualTo(SqlFailure.UNAVAILABLE);
            assertThat(waited).isLessThan(Duration.ofSeconds(20));
        }
    }

    /** What the failure of {@code statements}, run in one transaction, means. */
    private static SqlFailure failureOf(String... statements) {
        SQLException failure = catchThrowableOfType(SQLException.class, () -> {
            try (Connection connection = database.connect()) {
                connection.setAutoCommit(false);
                try {
                    run(connection, statements);
                } finally {
                    connection.rollback();
                }
            }
        });
        assertThat((Throwable) failure)
                .as(String.join("; ", statements) + " should fail")
                .isNotNull();
        return SqlFailure.of(failure);
    }

    /** Runs each statement; one with a {@code ?} takes the next argument as its parameter. */
    private static void run(Connection connection, String... statements) throws SQLException {
        for (int i = 0; i < statements.length; i++) {
            String sql = statements[i];
            if (sql.contains("?")) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, statements[++i]);
                    statement.execute();
                }
            } else {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            }
        }
    }
}
