package dev.trainingbot.worker.course.progress;

import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.hibernate.SessionFactory;
import org.hibernate.type.StandardBasicTypes;

/**
 * Users' progress through the course in PostgreSQL, through Hibernate. Every read loads in a fixed number of
 * statements whatever the number of users, sections or rows: {@link #progressOf} one, {@link #statistics} two; an
 * admin's {@link #reset} takes two. Only sections, lessons and quizzes of the current content count; rows of ids that
 * left the content are ignored.
 */
public final class ProgressRepository {

    private static final String COMPLETE_LESSON = """
            INSERT INTO lesson_completions (user_id, section_id, lesson_id, completed_at)
            VALUES (:user, :section, :lesson, :at)
            ON CONFLICT DO NOTHING
            """;

    private static final String RECORD_ATTEMPT = """
            INSERT INTO quiz_attempts (user_id, section_id, score, max_score, finished_at, update_id)
            VALUES (:user, :section, :score, :max, :at, :update)
            ON CONFLICT (update_id) DO NOTHING
            """;

    // Aggregated in the database: the progress screen is on the hot path (every "Sections" and "My progress"), and
    // loading the user's rows as entities cost more CPU than the rest of the update together.
    private static final String PROGRESS_OF_USER = """
            WITH lessons (section_id, lesson_id) AS (
                     SELECT * FROM unnest(CAST(:sections AS text[]), CAST(:lessons AS text[]))),
                 done AS (
                     SELECT c.section_id, count(*) AS completed
                     FROM lesson_completions c JOIN lessons l USING (section_id, lesson_id)
                     WHERE c.user_id = :user
                     GROUP BY c.section_id),
                 tries AS (
                     SELECT section_id, count(*) AS attempts, max(score) AS best,
                            (array_agg(score ORDER BY finished_at DESC, id DESC))[1] AS last
                     FROM quiz_attempts
                     WHERE user_id = :user
                     GROUP BY section_id)
            SELECT section_id, coalesce(d.completed, 0) AS completed, coalesce(t.attempts, 0) AS attempts,
                   t.best, t.last
            FROM done d FULL JOIN tries t USING (section_id)
            """;

    private static final String LESSON_STATISTICS = """
            WITH lessons (section_id, lesson_id) AS (
                     SELECT * FROM unnest(CAST(:sections AS text[]), CAST(:lessons AS text[]))),
                 totals AS (SELECT section_id, count(*) AS total FROM lessons GROUP BY section_id),
                 per_user AS (
                     SELECT c.section_id, c.user_id, count(*) AS done
                     FROM lesson_completions c JOIN lessons l USING (section_id, lesson_id)
                     GROUP BY c.section_id, c.user_id)
            SELECT t.section_id, count(p.user_id), count(p.user_id) FILTER (WHERE p.done >= t.total)
            FROM totals t LEFT JOIN per_user p USING (section_id)
            GROUP BY t.section_id
            """;

    private static final String QUIZ_STATISTICS = """
            SELECT section_id, count(*), avg(best)
            FROM (SELECT section_id, user_id, max(CAST(score AS float8) / max_score) AS best
                  FROM quiz_attempts GROUP BY section_id, user_id) b
            GROUP BY section_id
            """;

    private static final String RESET_LESSONS_OF_SECTION =
            "DELETE FROM lesson_completions WHERE user_id = :user AND section_id = :section";
    private static final String RESET_ATTEMPTS_OF_SECTION =
            "DELETE FROM quiz_attempts WHERE user_id = :user AND section_id = :section";
    private static final String RESET_LESSONS = "DELETE FROM lesson_completions WHERE user_id = :user";
    private static final String RESET_ATTEMPTS = "DELETE FROM quiz_attempts WHERE user_id = :user";

    /** What a reset deleted. */
    public record Reset(int lessons, int attempts) {}

    private final SessionFactory sessions;
    private final CourseCatalog catalog;
    private final InstantSource clock;

    /** Progress against the course {@code catalog} serves at the moment of each query. */
    public ProgressRepository(SessionFactory sessions, CourseCatalog catalog, InstantSource clock) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.clock = clock;
    }

    // Stateless sessions on the update's path (lessons, attempts, the progress screen): no persistence context to
    // fill, dirty-check and flush for a single statement.

    /** Records that the user opened a lesson; opening it again changes nothing. One statement. */
    public void completeLesson(long userId, String sectionId, String lessonId) {
        sessions.inStatelessTransaction(session -> session.createNativeMutationQuery(COMPLETE_LESSON)
                .setParameter("user", userId)
                .setParameter("section", sectionId)
                .setParameter("lesson", lessonId)
                .setParameter("at", clock.instant())
                .executeUpdate());
    }

    /**
     * Records a finished quiz, once per update: the same {@code updateId} again (a retried update) records nothing.
     * One statement.
     *
     * @return whether the attempt was recorded now, false when this update had recorded it before
     */
    public boolean recordAttempt(long userId, String sectionId, int score, int maxScore, long updateId) {
        return sessions.fromStatelessTransaction(session -> session.createNativeMutationQuery(RECORD_ATTEMPT)
                        .setParameter("user", userId)
                        .setParameter("section", sectionId)
                        .setParameter("score", score)
                        .setParameter("max", maxScore)
                        .setParameter("at", clock.instant())
                        .setParameter("update", updateId)
                        .executeUpdate())
                > 0;
    }

    /**
     * Forgets the user's progress in one section ({@code sectionId}), or in the whole course when it is empty: the
     * lessons read and the quiz attempts, rows of sections that left the content included. Resetting again deletes
     * nothing more. Two statements, one transaction.
     */
    public Reset reset(long userId, Optional<String> sectionId) {
        return sessions.fromStatelessTransaction(session -> {
            var lessons = session.createNativeMutationQuery(
                            sectionId.isPresent() ? RESET_LESSONS_OF_SECTION : RESET_LESSONS)
                    .setParameter("user", userId);
            var attempts = session.createNativeMutationQuery(
                            sectionId.isPresent() ? RESET_ATTEMPTS_OF_SECTION : RESET_ATTEMPTS)
                    .setParameter("user", userId);
            sectionId.ifPresent(section -> {
                lessons.setParameter("section", section);
                attempts.setParameter("section", section);
            });
            return new Reset(lessons.executeUpdate(), attempts.executeUpdate());
        });
    }

    /** The user's progress in every section of the course, in course order. One statement. */
    public List<SectionProgress> progressOf(long userId) {
        Course course = catalog.current();
        // The content's lessons as two parallel arrays (section id, lesson id), the form the query unnests.
        String[][] lessonKeys = course.lessonKeys();
        Map<String, Object[]> rows = new HashMap<>();
        sessions.inStatelessSession(session -> {
            // Typed columns: Hibernate then need not read the result set's metadata on every call.
            for (Object[] row : session.createNativeQuery(PROGRESS_OF_USER, Object[].class)
                    .addScalar("section_id", StandardBasicTypes.STRING)
                    .addScalar("completed", StandardBasicTypes.INTEGER)
                    .addScalar("attempts", StandardBasicTypes.INTEGER)
                    .addScalar("best", StandardBasicTypes.INTEGER)
                    .addScalar("last", StandardBasicTypes.INTEGER)
                    .setParameter("sections", lessonKeys[0])
                    .setParameter("lessons", lessonKeys[1])
                    .setParameter("user", userId)
                    .getResultList()) {
                rows.put((String) row[0], row);
            }
        });
        List<SectionProgress> progress = new ArrayList<>();
        for (Course.Section section : course.sections()) {
            Object[] row = rows.get(section.id());
            progress.add(new SectionProgress(
                    section.id(),
                    row == null ? 0 : ((Number) row[1]).intValue(),
                    section.lessons().size(),
                    row == null || row[3] == null ? OptionalInt.empty() : OptionalInt.of(((Number) row[3]).intValue()),
                    row == null || row[4] == null ? OptionalInt.empty() : OptionalInt.of(((Number) row[4]).intValue()),
                    section.quiz().size(),
                    row == null ? 0 : ((Number) row[2]).intValue()));
        }
        return progress;
    }

    /** Per section, in course order: how many users started, completed and were tested, and their average. */
    public List<SectionStatistics> statistics() {
        Course course = catalog.current();
        String[][] lessonKeys = course.lessonKeys();
        return sessions.fromTransaction(session -> {
            Map<String, long[]> lessons = new HashMap<>();
            for (Object[] row : session.createNativeQuery(LESSON_STATISTICS, Object[].class)
                    .setParameter("sections", lessonKeys[0])
                    .setParameter("lessons", lessonKeys[1])
                    .getResultList()) {
                lessons.put((String) row[0], new long[] {((Number) row[1]).longValue(), ((Number) row[2]).longValue()});
            }
            Map<String, Object[]> quizzes = new HashMap<>();
            for (Object[] row :
                    session.createNativeQuery(QUIZ_STATISTICS, Object[].class).getResultList()) {
                quizzes.put((String) row[0], row);
            }
            List<SectionStatistics> statistics = new ArrayList<>();
            for (Course.Section section : course.sections()) {
                long[] read = lessons.getOrDefault(section.id(), new long[2]);
                Object[] quiz = quizzes.get(section.id());
                statistics.add(new SectionStatistics(
                        section.id(),
                        read[0],
                        read[1],
                        quiz == null ? 0 : ((Number) quiz[1]).longValue(),
                        quiz == null ? OptionalDouble.empty() : OptionalDouble.of(((Number) quiz[2]).doubleValue())));
            }
            return statistics;
        });
    }
}
