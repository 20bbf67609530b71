package dev.trainingbot.common.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.trainingbot.common.config.DatabaseSettings;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the HikariCP pool of a service and brings the schema up to date. */
public final class Database {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private Database() {}

    /**
     * A pool configured from the {@code DB_POOL_*} variables, reporting to {@code metrics}. It fails within
     * {@code DB_POOL_TIMEOUT} when the database cannot be reached.
     */
    public static HikariDataSource pool(DatabaseSettings settings, String poolName, MeterRegistry metrics) {
        var config = settings.hikariConfig(poolName);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        return new HikariDataSource(config);
    }

    /**
     * Applies the Flyway migrations under {@code db/migration}. Several services may start at once: Flyway serialises
     * them with a PostgreSQL advisory lock, and the later ones find nothing to do.
     */
    public static void migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info(
                    "database schema migrated from {} to {} ({} migrations)",
                    result.initialSchemaVersion == null ? "empty" : result.initialSchemaVersion,
                    result.targetSchemaVersion,
                    result.migrationsExecuted);
        } else {
            log.info("database schema is up to date at version {}", result.initialSchemaVersion);
        }
    }
}
