package dev.trainingbot.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.worker.cohort.CohortReports;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.course.progress.Persistence;
import dev.trainingbot.worker.course.progress.ProgressRepository;
import dev.trainingbot.worker.course.progress.SectionStatistics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin statistics and export over a seeded database, and what they cost in statements. */
class AdminReportsIT {

    private static final Course COURSE = CourseLoader.load(Path.of("../content/course.yaml"));
    private static final java.util.concurrent.atomic.AtomicLong updates =
            new java.util.concurrent.atomic.AtomicLong(500_000);

    private TestDatabase database;
    private HikariDataSource dataSource;
    private SessionFactory sessions;
    private AdminReports reports;
    private ProgressRepository progress;

    @BeforeEach
    void seed() throws SQLException {
        database = TestDatabase.create();
        dataSource = Database.pool(database.settings(), "reports-it", new SimpleMeterRegistry());
        Database.migrate(dataSource);
        sessions = Persistence.sessionFactory(dataSource);
        progress = new ProgressRepository(sessions, CourseCatalog.of(COURSE), Clock.systemUTC());
        reports = new AdminReports(
                sessions,
                progress,
                CourseCatalog.of(COURSE),
                Clock.systemUTC(),
                () -> 0L,
                new CohortReports(dataSource, Clock.systemUTC()));
    }

    @AfterEach
    void drop() {
        sessions.close();
        dataSource.close();
        database.close();
    }

    @Test
    void statisticsCountUsersActivityAndEachSection() throws Exception {
        Instant now = Instant.now();
        user(1, "ann", now.minus(Duration.ofHours(1)), false);
        user(2, "ben", now.minus(Duration.ofDays(3)), false);
        user(3, "cat", now.minus(Duration.ofDays(30)), true);
        for (Course.Lesson lesson : COURSE.sections().getFirst().lessons()) {
            progress.completeLesson(1, "general_info", lesson.id());
        }
        progress.completeLesson(2, "general_info", "welcome");
        progress.recordAttempt(1, "general_info", 3, 3, updates.incrementAndGet());
        progress.recordAttempt(2, "general_info", 1, 3, updates.incrementAndGet());
        progress.recordAttempt(2, "general_info", 2, 3, updates.incrementAndGet());

        AdminReports.Statistics statistics = reports.statistics();

        assertThat(statistics.users()).isEqualTo(3);
        assertThat(statistics.active24h()).isEqualTo(1);
        assertThat(statistics.active7d()).isEqualTo(2);
        assertThat(statistics.blocked()).isEqualTo(1);
        SectionStatistics general = statistics.sections().getFirst();
        assertThat(general.usersStarted()).isEqualTo(2);
        assertThat(general.usersCompleted()).isEqualTo(1);
        assertThat(general.usersTested()).isEqualTo(2);
        assertThat(general.averageBestScore().getAsDouble()).isCloseTo((1.0 + 2.0 / 3) / 2, within());
        assertThat(statistics.sections()).hasSize(COURSE.sections().size());
    }

    @Test
    void theExportHasAHeaderAndOneRowPerUserWithTheirProgress() throws SQLException {
        user(1, "ann", Instant.now(), false);
        user(2, "=cmd|' /C calc'!A0", Instant.now(), false);
        progress.completeLesson(1, "general_info", "welcome");
        progress.recordAttempt(1, "general_info", 2, 3, updates.incrementAndGet());
        progress.recordAttempt(1, "general_info", 1, 3, updates.incrementAndGet());

        List<String> lines = reports.exportCsv().lines().toList();

        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst())
                .startsWith("user_id,chat_id,username,first_name,")
                .contains("general_info_lessons,general_info_best,general_info_last");
        assertThat(lines.get(1)).startsWith("1,1,ann,").contains(",1,2,1,");
        // A value a spreadsheet would run as a formula is defused.
        assertThat(lines.get(2)).contains(",'=cmd|' /C calc'!A0,");
    }

    @Test
    void statisticsAndExportCostTheSameStatementsForOneUserAndForFifty() throws Exception {
        user(1, "first", Instant.now(), false);
        long[] one = costs();
        for (int id = 2; id <= 50; id++) {
            user(id, "user" + id, Instant.now(), false);
            progress.completeLesson(id, "security", "phishing");
            progress.recordAttempt(id, "security", 2, 3, updates.incrementAndGet());
        }

        long[] fifty = costs();

        assertThat(one).containsExactly(3, 2);
        assertThat(fifty).containsExactly(one);
    }

    private long[] costs() throws Exception {
        org.hibernate.stat.Statistics statistics = sessions.getStatistics();
        statistics.clear();
        reports.statistics();
        long forStatistics = statistics.getPrepareStatementCount();
        statistics.clear();
        reports.exportCsv();
        return new long[] {forStatistics, statistics.getPrepareStatementCount()};
    }

    private void user(long id, String username, Instant lastSeen, boolean blocked) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO users (id, chat_id, username, first_name, last_seen_at, blocked_at)"
                                + " VALUES (?, ?, ?, 'Name', ?, ?)")) {
            insert.setLong(1, id);
            insert.setLong(2, id);
            insert.setString(3, username);
            insert.setTimestamp(4, Timestamp.from(lastSeen));
            insert.setTimestamp(5, blocked ? Timestamp.from(lastSeen) : null);
            insert.executeUpdate();
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.0001);
    }
}
