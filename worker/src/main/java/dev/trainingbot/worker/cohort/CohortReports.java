package dev.trainingbot.worker.cohort;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the admin's reports read of cohorts: the statistics' breakdown by cohort and every learner's cohort for the
 * export. One statement each, whatever the number of learners.
 */
public final class CohortReports {

    /**
     * How the learners of one cohort do ({@code cohort} empty: learners in none): how many, active in the last 7 days,
     * lessons read in all, and how many took at least one quiz.
     */
    public record Breakdown(Optional<Cohort> cohort, long learners, long active7d, long lessonsRead, long tookQuiz) {}

    private final DataSource database;
    private final InstantSource clock;

    public CohortReports(DataSource database, InstantSource clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Every learner's cohort, by user id; learners in none are absent. One statement. */
    public Map<Long, Cohort> byLearner() throws SQLException {
        Map<Long, Cohort> byLearner = new HashMap<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT " + Cohorts.COLUMNS
                        + ", m.user_id FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id");
                ResultSet rows = query.executeQuery()) {
            Map<Long, Cohort> seen = new HashMap<>();
            while (rows.next()) {
                long id = rows.getLong("id");
                if (!seen.containsKey(id)) {
                    seen.put(id, Cohorts.cohort(rows));
                }
                byLearner.put(rows.getLong("user_id"), seen.get(id));
            }
        }
        return byLearner;
    }

    /**
     * How each cohort's learners do, one {@link Breakdown} per cohort not revoked (and per revoked one that still has
     * learners), oldest first, then the learners in no cohort (when there are any). One statement.
     */
    public List<Breakdown> breakdown() throws SQLException {
        String sql = "SELECT " + Cohorts.COLUMNS + ", count(x.id) AS learners,"
                + " count(x.id) FILTER (WHERE x.last_seen_at > ?) AS active,"
                + " coalesce(sum(x.lessons), 0) AS lessons, count(x.id) FILTER (WHERE x.quizzes > 0) AS tested"
                + " FROM (SELECT u.id, u.last_seen_at, m.cohort_id,"
                + " (SELECT count(*) FROM lesson_completions l WHERE l.user_id = u.id) AS lessons,"
                + " (SELECT count(*) FROM quiz_attempts q WHERE q.user_id = u.id) AS quizzes"
                + " FROM users u LEFT JOIN cohort_members m ON m.user_id = u.id) x"
                + " FULL JOIN cohorts c ON c.id = x.cohort_id"
                + " WHERE c.revoked_at IS NULL OR x.id IS NOT NULL"
                + " GROUP BY c.id ORDER BY c.created_at NULLS LAST, c.id";
        List<Breakdown> breakdown = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setTimestamp(1, Timestamp.from(clock.instant().minusSeconds(7 * 24 * 3600)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    rows.getLong("id");
                    Optional<Cohort> cohort = rows.wasNull() ? Optional.empty() : Optional.of(Cohorts.cohort(rows));
                    long learners = rows.getLong("learners");
                    if (cohort.isEmpty() && learners == 0) {
                        continue;
                    }
                    breakdown.add(new Breakdown(
                            cohort, learners, rows.getLong("active"), rows.getLong("lessons"), rows.getLong("tested")));
                }
            }
        }
        return breakdown;
    }
}
