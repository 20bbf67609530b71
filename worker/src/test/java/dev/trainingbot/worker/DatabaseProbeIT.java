package dev.trainingbot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.common.db.DatabaseProbe;
import dev.trainingbot.common.http.Probe;
import dev.trainingbot.testkit.postgres.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database line of {@code /readyz} and {@code healthcheck}, against a real PostgreSQL. */
class DatabaseProbeIT {

    private static TestDatabase database;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        try (HikariDataSource migrations =
                Database.pool(database.settings(), "probe-it-migrate", new SimpleMeterRegistry())) {
            Database.migrate(migrations);
        }
        // One connection, and the pool's default 30 s wait for it, as a busy worker's pool would have.
        HikariConfig config = database.settings().hikariConfig("probe-it");
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        dataSource = new HikariDataSource(config);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
        database.close();
    }

    @Test
    void countsTheUsers() {
        Probe probe = new DatabaseProbe(dataSource).run();

        assertThat(probe.ok()).isTrue();
        assertThat(probe.detail()).isEqualTo("DB OK (users: 0)");
    }

    @Test
    void anExhaustedPoolIsReportedWithinSecondsNotAfterThePoolsTimeout() throws Exception {
        try (Connection held = dataSource.getConnection()) {
            long started = System.nanoTime();

            Probe probe = new DatabaseProbe(dataSource).run();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            assertThat(probe.ok()).isFalse();
            assertThat(probe.detail()).contains("no answer within 3 s");
        }
        assertThat(new DatabaseProbe(dataSource).run().ok())
                .as("once the connection is back")
                .isTrue();
    }
}
