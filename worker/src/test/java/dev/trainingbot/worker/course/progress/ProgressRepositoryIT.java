package dev.trainingbot.worker.course.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.Localized;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Progress in a real PostgreSQL through Hibernate, and the number of statements each screen costs. */
class ProgressRepositoryIT {

    private static TestDatabase database;
    private static HikariDataSource dataSource;
    private static SessionFactory sessions;
    private static final AtomicLong users = new AtomicLong(10_000);
    private static final AtomicLong updates = new AtomicLong(500_000);

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        dataSource = Database.pool(database.settings(), "progress-it", new SimpleMeterRegistry());
        Database.migrate(dataSource);
        sessions = Persistence.sessionFactory(dataSource);
    }

    @AfterAll
    static void stop() {
        sessions.close();
        dataSource.close();
        database.close();
    }

    @Test
    void progressShowsLessonsReadAndBestAndLastScores() throws SQLException {
        Course course = course(2, 3);
        ProgressRepository progress = new ProgressRepository(sessions, CourseCatalog.of(course), Clock.systemUTC());
        long user = newUser();
        progress.completeLesson(user, "s0", "l0");
        progress.completeLesson(user, "s0", "l1");
        progress.completeLesson(user, "s0", "l1");
        progress.completeLesson(user, "s0", "l2");
        progress.recordAttempt(user, "s0", 3, 3, updates.incrementAndGet());
        progress.recordAttempt(user, "s0", 1, 3, updates.incrementAndGet());

        List<SectionProgress> mine = progress.progressOf(user);

        assertThat(mine).extracting(SectionProgress::sectionId).containsExactly("s0", "s1");
        SectionProgress first = mine.getFirst();
        assertThat(first.lessonsCompleted()).isEqualTo(3);
        assertThat(first.bestScore()).hasValue(3);
        assertThat(first.lastScore()).hasValue(1);
        assertThat(first.completed()).isTrue();
        assertThat(mine.get(1).lessonsCompleted()).isZero();
        assertThat(mine.get(1).bestScore()).isEmpty();
    }

    @Test
    void aRetriedUpdateRecordsItsQuizAttemptOnce() throws SQLException {
        ProgressRepository progress =
                new ProgressRepository(sessions, CourseCatalog.of(course(1, 1)), Clock.systemUTC());
        long user = newUser();
        long update = updates.incrementAndGet();

        assertThat(progress.recordAttempt(user, "s0", 2, 3, update)).isTrue();
        assertThat(progress.recordAttempt(user, "s0", 2, 3, update)).isFalse();
        assertThat(progress.recordAttempt(user, "s0", 3, 3, updates.incrementAndGet()))
                .isTrue();

        SectionProgress section = progress.progressOf(user).getFirst();
        assertThat(section.attempts()).isEqualTo(2);
        assertThat(section.bestScore()).hasValue(3);
    }

    @Test
    void lessonsThatLeftTheContentDoNotCount() throws SQLException {
        long user = newUser();
        new ProgressRepository(sessions, CourseCatalog.of(course(1, 3)), Clock.systemUTC())
                .completeLesson(user, "s0", "l2");

        List<SectionProgress> shorter =
                new ProgressRepository(sessions, CourseCatalog.of(course(1, 2)), Clock.systemUTC()).progressOf(user);

        assertThat(shorter.getFirst().lessonsCompleted()).isZero();
    }

    @Test
    void statisticsCountUsersPerSectionAndAverageTheirBestScores() throws SQLException {
        Course course = course(1, 2);
        ProgressRepository progress = new ProgressRepository(sessions, CourseCatalog.of(course), Clock.systemUTC());
        String fresh = "x" + users.incrementAndGet();
        Course isolated = new Course(course.title(), List.of(section(fresh, 2)));
        ProgressRepository stats = new ProgressRepository(sessions, CourseCatalog.of(isolated), Clock.systemUTC());
        long reader = newUser();
        long finisher = newUser();
        stats.completeLesson(reader, fresh, "l0");
        stats.completeLesson(finisher, fresh, "l0");
        stats.completeLesson(finisher, fresh, "l1");
        stats.recordAttempt(finisher, fresh, 1, 2, updates.incrementAndGet());
        stats.recordAttempt(finisher, fresh, 2, 2, updates.incrementAndGet());
        stats.recordAttempt(reader, fresh, 1, 2, updates.incrementAndGet());

        SectionStatistics section = stats.statistics().getFirst();

        assertThat(section.usersStarted()).isEqualTo(2);
        assertThat(section.usersCompleted()).isEqualTo(1);
        assertThat(section.usersTested()).isEqualTo(2);
        assertThat(section.averageBestScore()).hasValue(0.75);
        assertThat(progress.statistics()).hasSize(1);
    }

    @Test
    void theProgressScreenCostsTheSameStatementsForOneSectionAndForFifty() throws SQLException {
        long one = statementsFor(course(1, 3));
        long fifty = statementsFor(course(50, 3));

        assertThat(one).isEqualTo(1);
        assertThat(fifty).isEqualTo(one);
    }

    @Test
    void theStatisticsCostTheSameStatementsForOneUserAndForFifty() throws SQLException {
        Course course = course(5, 3);
        ProgressRepository progress = new ProgressRepository(sessions, CourseCatalog.of(course), Clock.systemUTC());
        long oneUser = statistics(progress);
        for (int i = 0; i < 50; i++) {
            long user = newUser();
            progress.completeLesson(user, "s1", "l0");
            progress.recordAttempt(user, "s1", 2, 3, updates.incrementAndGet());
        }

        long fiftyUsers = statistics(progress);

        assertThat(oneUser).isEqualTo(2);
        assertThat(fiftyUsers).isEqualTo(oneUser);
    }

    private long statementsFor(Course course) throws SQLException {
        ProgressRepository progress = new ProgressRepository(sessions, CourseCatalog.of(course), Clock.systemUTC());
        long user = newUser();
        for (Course.Section section : course.sections()) {
            for (Course.Lesson lesson : section.lessons()) {
                progress.completeLesson(user, section.id(), lesson.id());
            }
            progress.recordAttempt(user, section.id(), 1, 3, updates.incrementAndGet());
        }
        Statistics statistics = sessions.getStatistics();
        statistics.clear();
        assertThat(progress.progressOf(user)).hasSize(course.sections().size());
        return statistics.getPrepareStatementCount();
    }

    private static long statistics(ProgressRepository progress) {
        Statistics statistics = sessions.getStatistics();
        statistics.clear();
        progress.statistics();
        return statistics.getPrepareStatementCount();
    }

    private static long newUser() throws SQLException {
        long id = users.incrementAndGet();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO users (id, chat_id, first_name) VALUES (?, ?, 'T')")) {
            insert.setLong(1, id);
            insert.setLong(2, id);
            insert.executeUpdate();
        }
        return id;
    }

    private static Course course(int sections, int lessons) {
        List<Course.Section> list = new ArrayList<>();
        for (int s = 0; s < sections; s++) {
            list.add(section("s" + s, lessons));
        }
        return new Course(text("Course"), list);
    }

    private static Course.Section section(String id, int lessons) {
        List<Course.Lesson> lessonList = new ArrayList<>();
        for (int l = 0; l < lessons; l++) {
            lessonList.add(new Course.Lesson("l" + l, text("Lesson"), text("Text"), List.of(), Optional.empty()));
        }
        Course.Question question =
                new Course.Question("q0", text("Q"), List.of(text("a"), text("b")), Set.of(0), false, text("because"));
        return new Course.Section(
                id, Optional.empty(), text(id), lessonList, new Course.Quiz(List.of(question, question, question)));
    }

    private static Localized text(String value) {
        return Localized.of("en", value);
    }
}
