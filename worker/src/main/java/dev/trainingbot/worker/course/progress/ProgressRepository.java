package dev.trainingbot.worker.course.progress;

import dev.trainingbot.worker.course.content.Course;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.hibernate.SessionFactory;

/**
 * Users' progress through the course in PostgreSQL, through Hibernate. Every read loads in a fixed number of
 * statements whatever the number of users, sections or rows: {@link #progressOf} two, {@link #statistics} two. Only
 * sections, lessons and quizzes of the current content count; rows of ids that left the content are ignored.
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

    private final SessionFactory sessions;
    private final Course course;
    private final InstantSource clock;

    public ProgressRepository(SessionFactory sessions, Course course, InstantSource clock) {
        this.sessions = sessions;
        this.course = course;
        this.clock = clock;
    }

    /** Records that the user opened a lesson; opening it again changes nothing. One statement. */
    public void completeLesson(long userId, String sectionId, String lessonId) {
        sessions.inTransaction(session -> session.createNativeMutationQuery(COMPLETE_LESSON)
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
        return sessions.fromTransaction(session -> session.createNativeMutationQuery(RECORD_ATTEMPT)
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
     * The user's progress in every section of the course, in course order. Two statements: the user with their
     * completed lessons (join fetch), and their quiz attempts.
     */
    public List<SectionProgress> progressOf(long userId) {
        return sessions.fromTransaction(session -> {
            UserAccount user = session.createSelectionQuery(
                            "from UserAccount u left join fetch u.completions where u.id = :id", UserAccount.class)
                    .setParameter("id", userId)
                    .getSingleResultOrNull();
            List<QuizAttempt> attempts = session.createSelectionQuery(
                            "from QuizAttempt a where a.user.id = :id order by a.finishedAt", QuizAttempt.class)
                    .setParameter("id", userId)
                    .getResultList();
            Map<String, List<QuizAttempt>> attemptsBySection =
                    attempts.stream().collect(Collectors.groupingBy(QuizAttempt::sectionId));
            List<SectionProgress> progress = new ArrayList<>();
            for (Course.Section section : course.sections()) {
                int completed = user == null
                        ? 0
                        : (int) user.completions().stream()
                                .filter(c -> c.sectionId().equals(section.id())
                                        && section.lesson(c.lessonId()).isPresent())
                                .count();
                List<QuizAttempt> tries = attemptsBySection.getOrDefault(section.id(), List.of());
                OptionalInt best = tries.stream().mapToInt(QuizAttempt::score).max();
                OptionalInt last = tries.isEmpty()
                        ? OptionalInt.empty()
                        : OptionalInt.of(tries.getLast().score());
                progress.add(new SectionProgress(
                        section.id(),
                        completed,
                        section.lessons().size(),
                        best,
                        last,
                        section.quiz().size(),
                        tries.size()));
            }
            return progress;
        });
    }

    /** Per section, in course order: how many users started, completed and were tested, and their average. */
    public List<SectionStatistics> statistics() {
        List<String> sectionIds = new ArrayList<>();
        List<String> lessonIds = new ArrayList<>();
        for (Course.Section section : course.sections()) {
            for (Course.Lesson lesson : section.lessons()) {
                sectionIds.add(section.id());
                lessonIds.add(lesson.id());
            }
        }
        return sessions.fromTransaction(session -> {
            Map<String, long[]> lessons = new HashMap<>();
            for (Object[] row : session.createNativeQuery(LESSON_STATISTICS, Object[].class)
                    .setParameter("sections", sectionIds.toArray(String[]::new))
                    .setParameter("lessons", lessonIds.toArray(String[]::new))
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
