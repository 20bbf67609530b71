package dev.trainingbot.common.db;

import dev.trainingbot.common.http.Probe;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Counts the users, which proves the connection and the schema: {@code DB OK (users: 123)}. */
public final class DatabaseProbe implements Probe.Check {

    private final DataSource dataSource;

    public DatabaseProbe(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Probe run() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(3);
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
