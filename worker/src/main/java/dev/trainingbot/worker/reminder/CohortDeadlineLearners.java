package dev.trainingbot.worker.reminder;

import dev.trainingbot.worker.course.content.CourseCatalog;
import java.sql.Array;
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
 * The deadlines of cohorts ({@code cohorts.deadline}, V13) for {@link ReminderRule.BeforeDeadline}: members of
 * cohorts in force whose deadline ends in the window, who have not finished the course (no certificate), whose
 * private chat is known, who have not blocked the bot nor muted reminders. A deadline ends with its day, UTC. The
 * section named is the first of the course with a lesson the member has not read; none when all are read (then the
 * course is named). One query.
 */
final class CohortDeadlineLearners implements CohortDeadlines {

    private static final String QUERY = """
            WITH lessons AS (
                     SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]))
                              WITH ORDINALITY AS l (section_id, lesson_id, n)),
                 due AS (
                     SELECT c.id, c.code, CAST(c.deadline + 1 AS timestamp) AT TIME ZONE 'UTC' AS at
                     FROM cohorts c
                     WHERE c.revoked_at IS NULL AND c.deadline IS NOT NULL),
                 members AS (
                     SELECT m.user_id, u.chat_id, u.language_code, d.code, d.at
                     FROM due d
                     JOIN cohort_members m ON m.cohort_id = d.id
                     JOIN users u ON u.id = m.user_id
                     WHERE d.at >= ? AND d.at < ?
                       AND u.blocked_at IS NULL AND u.chat_id IS NOT NULL
                       AND NOT EXISTS (SELECT 1 FROM certificates x WHERE x.user_id = m.user_id)),
                 unread AS (
                     SELECT mb.user_id, l.section_id, l.n
                     FROM members mb CROSS JOIN lessons l
                     WHERE NOT EXISTS (SELECT 1 FROM lesson_completions lc
                                       WHERE lc.user_id = mb.user_id AND lc.section_id = l.section_id
                                         AND lc.lesson_id = l.lesson_id))
            SELECT mb.user_id, mb.chat_id, mb.language_code, s.time_zone, mb.code, mb.at,
                   (SELECT un.section_id FROM unread un WHERE un.user_id = mb.user_id ORDER BY un.n LIMIT 1),
                   (SELECT count(*) FROM unread un WHERE un.user_id = mb.user_id)
            FROM members mb
            LEFT JOIN reminder_settings s ON s.user_id = mb.user_id
            WHERE s.muted_at IS NULL
            ORDER BY mb.user_id
            """;

    private final DataSource database;
    private final CourseCatalog course;

    /** Members measured against the course {@code course} serves at the time of each scan. */
    CohortDeadlineLearners(DataSource database, CourseCatalog course) {
        this.database = database;
        this.course = course;
    }

    @Override
    public List<Deadline> between(Instant from, Instant to) throws SQLException {
        List<Deadline> due = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(QUERY)) {
            String[][] lessonKeys = course.current().lessonKeys();
            Array sectionArray = connection.createArrayOf("text", lessonKeys[0]);
            Array lessonArray = connection.createArrayOf("text", lessonKeys[1]);
            query.setArray(1, sectionArray);
            query.setArray(2, lessonArray);
            query.setTimestamp(3, Timestamp.from(from));
            query.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    due.add(new Deadline(
                            rows.getLong(1),
                            rows.getLong(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getTimestamp(6).toInstant(),
                            rows.getString(7),
                            rows.getInt(8)));
                }
            }
        }
        return due;
    }
}
