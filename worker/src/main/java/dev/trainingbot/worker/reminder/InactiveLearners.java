package dev.trainingbot.worker.reminder;

import dev.trainingbot.worker.course.content.Course;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Finds the learners an {@link ReminderRule.AfterInactivity} rule is due for: not seen since the rule's span, who
 * started a section of the current course and left lessons of it unread, whose private chat is known, who have not
 * blocked the bot nor muted reminders, and who were not reminded by this rule for this stretch of inactivity. The
 * stretch is the occurrence: the epoch second of {@code users.last_seen_at}, so a learner who comes back starts a new
 * one. The section named is the unfinished one the learner read last.
 *
 * <p>One query per page of {@value #PAGE} learners, in user id order.
 */
final class InactiveLearners {

    static final int PAGE = 500;

    private static final String QUERY = """
            WITH lessons (section_id, lesson_id) AS (
                     SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]))),
                 totals AS (SELECT section_id, count(*) AS total FROM lessons GROUP BY section_id),
                 inactive AS (
                     SELECT u.id, u.chat_id, u.language_code, u.last_seen_at,
                            CAST(CAST(floor(extract(epoch FROM u.last_seen_at)) AS bigint) AS text) AS occurrence
                     FROM users u
                     WHERE u.last_seen_at <= ? AND u.id > ?
                       AND u.blocked_at IS NULL AND u.chat_id IS NOT NULL),
                 started AS (
                     SELECT c.user_id, c.section_id, count(*) AS done, max(c.completed_at) AS last_read
                     FROM inactive i
                     JOIN lesson_completions c ON c.user_id = i.id
                     JOIN lessons l ON l.section_id = c.section_id AND l.lesson_id = c.lesson_id
                     GROUP BY c.user_id, c.section_id)
            SELECT DISTINCT ON (i.id) i.id, i.chat_id, i.language_code, s.time_zone, i.occurrence,
                   st.section_id, t.total - st.done AS lessons_left
            FROM inactive i
            JOIN started st ON st.user_id = i.id
            JOIN totals t ON t.section_id = st.section_id
            LEFT JOIN reminder_settings s ON s.user_id = i.id
            WHERE st.done < t.total
              AND s.muted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM reminders r
                              WHERE r.user_id = i.id AND r.rule = ? AND r.occurrence = i.occurrence)
            ORDER BY i.id, st.last_read DESC
            LIMIT ?
            """;

    private final DataSource database;
    private final ContentLessons lessons;

    InactiveLearners(DataSource database, Course course) {
        this.database = database;
        this.lessons = ContentLessons.of(course);
    }

    /** A learner a rule is due for. */
    record Candidate(
            long userId,
            long chatId,
            String languageCode,
            String timeZone,
            String occurrence,
            String sectionId,
            int lessonsLeft) {}

    /** The next page of learners due for {@code rule} at {@code now}, after user id {@code after}. */
    List<Candidate> page(ReminderRule.AfterInactivity rule, Instant now, long after) throws SQLException {
        List<Candidate> page = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(QUERY)) {
            lessons.bind(connection, query, 1);
            query.setTimestamp(3, Timestamp.from(now.minus(rule.inactive())));
            query.setLong(4, after);
            query.setString(5, rule.id());
            query.setInt(6, PAGE);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    page.add(new Candidate(
                            rows.getLong(1),
                            rows.getLong(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getInt(7)));
                }
            }
        }
        return page;
    }
}
