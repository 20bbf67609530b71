package dev.trainingbot.worker.course.progress;

import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/**
 * The worker's Hibernate {@link SessionFactory}, on the service's HikariCP pool (so the {@code DB_POOL_*} variables
 * size it). The schema belongs to Flyway; Hibernate only validates that the entities match it, and fails the start
 * if they do not. Statistics are on: they cost little and let tests count the statements a screen issues.
 */
public final class Persistence {

    private Persistence() {}

    public static SessionFactory sessionFactory(DataSource dataSource) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                .applySetting(AvailableSettings.GENERATE_STATISTICS, "true")
                .applySetting(AvailableSettings.JDBC_TIME_ZONE, "UTC")
                // Lazy collections of several owners load in one query, not one per owner.
                .applySetting(AvailableSettings.DEFAULT_BATCH_FETCH_SIZE, "64")
                .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, "50")
                .applySetting(AvailableSettings.SHOW_SQL, "false")
                .build();
        try {
            return new MetadataSources(registry)
                    .addAnnotatedClass(UserAccount.class)
                    .addAnnotatedClass(LessonCompletion.class)
                    .addAnnotatedClass(QuizAttempt.class)
                    .buildMetadata()
                    .buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }
}
