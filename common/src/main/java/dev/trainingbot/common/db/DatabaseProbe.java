package dev.trainingbot.common.db;

import dev.trainingbot.common.http.Probe;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Counts the users, which proves the connection and the schema: {@code DB OK (users: 123)}. It answers within its
 * deadline (3 s) even when the pool has no connection to give: a probe must not wait {@code DB_POOL_TIMEOUT} for one,
 * and a pool that cannot serve the probe cannot serve updates either.
 */
public final class DatabaseProbe implements Probe.Check {

    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private final DataSource dataSource;

    public DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Probe run() {
        // The count runs on a virtual thread of its own: one left waiting for a connection ends with the pool's
        // timeout, and gives back whatever it got.
        CompletableFuture<Probe> count = CompletableFuture.supplyAsync(
                this::count, task -> Thread.ofVirtual().name("database-probe").start(task));
        try {
            return count.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Probe.failed(
                    "Database",
                    "DB unreachable: no answer within " + DEADLINE.toSeconds()
                            + " s (every pooled connection busy, or the server not answering)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.failed("Database", "interrupted");
        } catch (ExecutionException e) {
            // Not an SQLException (count() answers those): the pool itself failed, closed or misconfigured.
            return Probe.failed("Database", "DB unreachable: " + e.getCause());
        }
    }

    private Probe count() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) DEADLINE.toSeconds());
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM users")) {
                rows.next();
                return Probe.ok("Database", "DB OK (users: " + rows.getLong(1) + ")");
            }
        } catch (SQLException e) {
            String reason = "42P01".equals(e.getSQLState())
                    ? "database not initialised (table users missing): " + e.getMessage()
                    : e.getMessage();
            return Probe.failed("Database", "DB unreachable: " + reason);
        }
    }
}
