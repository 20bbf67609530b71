package dev.trainingbot.worker.course.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.testkit.postgres.TestDatabase;
import dev.trainingbot.worker.i18n.Languages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which course version a worker serves at start-up and after a publication, on a real PostgreSQL. */
class CourseUpdatesIT {

    private static final Languages LANGUAGES = Languages.discover(CourseUpdatesIT.class.getClassLoader(), "en");
    private static final String COURSE = """
            title: Course %s
            sections:
              - id: one
                title: One
                lessons:
                  - id: first
                    title: First
                    text: The first lesson.
                quiz:
                  questions:
                    - id: q1
                      text: Right?
                      options: [Right, Wrong]
                      correct: 0
                      explanation: Because.
            """;

    @TempDir
    Path folder;

    private TestDatabase database;
    private HikariDataSource dataSource;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        dataSource = Database.pool(database.settings(), "course-updates-it", new SimpleMeterRegistry());
        Database.migrate(dataSource);
    }

    @AfterEach
    void stop() {
        dataSource.close();
        database.close();
    }

    @Test
    void theFileIsStoredOnceAndAVersionPublishedLaterWinsOverItAtTheNextStart() throws Exception {
        Path file = write("A");
        try (CourseUpdates first = start(file);
                CourseUpdates second = start(file)) {
            assertThat(first.catalog().currentVersion().number()).isEqualTo(1);
            assertThat(second.catalog().currentVersion().number()).isEqualTo(1);

            int published = first.publish(COURSE.formatted("B"), "admin 7");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> second.catalog().currentVersion().number() == published);
            assertThat(second.catalog().current().title().in("en")).isEqualTo("Course B");
            // The old version stays readable for the quizzes started in it.
            assertThat(second.catalog().version(1).orElseThrow().title().in("en"))
                    .isEqualTo("Course A");
        }
        try (CourseUpdates restarted = start(file)) {
            assertThat(restarted.catalog().current().title().in("en")).isEqualTo("Course B");
        }
    }

    @Test
    void aChangedFileBecomesTheNextVersionAndARollBackIsANewVersionOfOldContent() throws Exception {
        Path file = write("A");
        try (CourseUpdates updates = start(file)) {
            updates.publish(COURSE.formatted("B"), "admin 7");
        }
        write("C");
        try (CourseUpdates updates = start(file)) {
            assertThat(updates.catalog().currentVersion().number()).isEqualTo(3);
            assertThat(updates.catalog().current().title().in("en")).isEqualTo("Course C");

            int rolledBack = updates.publish(COURSE.formatted("A"), "admin 7");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> updates.catalog().currentVersion().number() == rolledBack);
            assertThat(updates.catalog().current().title().in("en")).isEqualTo("Course A");
        }
    }

    @Test
    void aStoredVersionThisWorkerCannotLoadIsSkippedForTheNewestItCan() throws Exception {
        Path file = write("A");
        try (CourseUpdates updates = start(file)) {
            // Stored without the loader, as a version written by a release with another format would be.
            new CourseVersions(dataSource).publish("title: [not, a, course]", "another release");
            Thread.sleep(2_000);
            assertThat(updates.catalog().currentVersion().number()).isEqualTo(1);
        }
        try (CourseUpdates restarted = start(file)) {
            assertThat(restarted.catalog().currentVersion().number()).isEqualTo(1);
        }
    }

    private CourseUpdates start(Path file) throws Exception {
        return CourseUpdates.start(file, LANGUAGES, dataSource, new SimpleMeterRegistry());
    }

    private Path write(String title) throws Exception {
        Path file = folder.resolve("course.yaml");
        Files.writeString(file, COURSE.formatted(title));
        return file;
    }
}
