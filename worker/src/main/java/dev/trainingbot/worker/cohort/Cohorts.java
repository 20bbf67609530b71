package dev.trainingbot.worker.cohort;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Cohorts and their members in PostgreSQL ({@code cohorts}, {@code cohort_members}): creating and revoking an
 * invitation, enrolling a learner, and the reads of the admin panel and the reminders (the reports' are
 * {@link CohortReports}). Every method is
 * one statement, but {@link #enrol} (a transaction of two) and {@link #create} (one more per code collision, which
 * 96 random bits make a matter of theory).
 */
public final class Cohorts {

    /** What an enrolment did. */
    public enum Outcome {
        /** The learner is now in the cohort, and was in none (or this very update enrolled them before). */
        ENROLLED,
        /** The learner was in this cohort already: nothing changed. */
        ALREADY_IN_IT,
        /** The learner is in another cohort ({@link Enrolment#previous}); nothing changed, they are to be asked. */
        IN_ANOTHER,
        /** The learner moved from {@link Enrolment#previous} (unknown when this update moved them before). */
        SWITCHED
    }

    /** The outcome of an enrolment into {@code cohort}, and the cohort the learner was in before, if another. */
    public record Enrolment(Outcome outcome, Cohort cohort, Optional<Cohort> previous) {}

    /** A learner in a cohort, since when. */
    public record Member(long userId, Instant enrolledAt) {}

    /** A cohort with its members, for features that act on each member (reminders before a cohort's dates). */
    public record WithMembers(Cohort cohort, List<Member> members) {
        public WithMembers {
            members = List.copyOf(members);
        }
    }

    /** A cohort not revoked, with how many learners are in it. */
    public record Listed(Cohort cohort, long members) {}

    static final String COLUMNS =
            "c.id, c.code, c.name, c.starts_on, c.deadline, c.created_by, c.created_at, c.revoked_at";

    private final DataSource database;
    private final InvitationCode codes;
    private final InstantSource clock;

    public Cohorts(DataSource database, InvitationCode codes, InstantSource clock) {
        this.database = database;
        this.codes = codes;
        this.clock = clock;
    }

    /**
     * A new cohort with a fresh code, created by update {@code updateId}: the same update handled again (its reply
     * failed) returns the cohort it created instead of a second one. {@code name} is stripped, 1 to
     * {@link Cohort#MAX_NAME_LENGTH} characters.
     */
    public Cohort create(
            String name, Optional<LocalDate> startsOn, Optional<LocalDate> deadline, long createdBy, long updateId)
            throws SQLException {
        String sql = "INSERT INTO cohorts AS c (code, name, starts_on, deadline, created_by, created_at,"
                + " created_update_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING " + COLUMNS;
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            while (true) {
                insert.setString(1, codes.next());
                insert.setString(2, name.strip());
                insert.setObject(3, startsOn.orElse(null));
                insert.setObject(4, deadline.orElse(null));
                insert.setLong(5, createdBy);
                insert.setTimestamp(6, Timestamp.from(clock.instant()));
                insert.setLong(7, updateId);
                List<Cohort> created = read(insert);
                if (!created.isEmpty()) {
                    return created.getFirst();
                }
                Optional<Cohort> before =
                        one("SELECT " + COLUMNS + " FROM cohorts c WHERE c.created_update_id = ?", updateId);
                if (before.isPresent()) {
                    return before.get();
                }
                // The code was taken: draw another.
            }
        }
    }

    public Optional<Cohort> byCode(String code) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM cohorts c WHERE c.code = ?", code);
    }

    public Optional<Cohort> byId(long id) throws SQLException {
        return one("SELECT " + COLUMNS + " FROM cohorts c WHERE c.id = ?", id);
    }

    /** The cohort {@code userId} is in, if any. */
    public Optional<Cohort> cohortOf(long userId) throws SQLException {
        return one(
                "SELECT " + COLUMNS + " FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = ?",
                userId);
    }

    /** The cohorts not revoked, newest first, with their member counts. */
    public List<Listed> active() throws SQLException {
        String sql = "SELECT " + COLUMNS + ", (SELECT count(*) FROM cohort_members m WHERE m.cohort_id = c.id)"
                + " AS members FROM cohorts c WHERE c.revoked_at IS NULL ORDER BY c.created_at DESC, c.id DESC";
        List<Listed> listed = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                listed.add(new Listed(cohort(rows), rows.getLong("members")));
            }
        }
        return listed;
    }

    /** Withdraws the invitation; false when it was revoked already (or does not exist). Members stay. */
    public boolean revoke(long id) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE cohorts SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setLong(2, id);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Enrols {@code userId} into {@code cohort} on behalf of update {@code updateId}: a learner in no cohort is
     * enrolled; one in this cohort stays, told so — unless this same update enrolled them, handled again after a
     * failure, which is the enrolment it made; one in another cohort moves only when {@code switching}, else stays
     * ({@link Outcome#IN_ANOTHER}). The caller checks that the cohort is not revoked.
     */
    public Enrolment enrol(long userId, Cohort cohort, long updateId, boolean switching) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Enrolment enrolment = enrol(connection, userId, cohort, updateId, switching);
                connection.commit();
                return enrolment;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private Enrolment enrol(Connection connection, long userId, Cohort cohort, long updateId, boolean switching)
            throws SQLException {
        long currentCohort;
        long enrolledBy;
        try (PreparedStatement current = connection.prepareStatement(
                "SELECT cohort_id, update_id FROM cohort_members WHERE user_id = ? FOR UPDATE")) {
            current.setLong(1, userId);
            try (ResultSet row = current.executeQuery()) {
                if (!row.next()) {
                    write(
                            connection,
                            "INSERT INTO cohort_members (cohort_id, enrolled_at, update_id, user_id)"
                                    + " VALUES (?, ?, ?, ?)",
                            userId,
                            cohort,
                            updateId);
                    return new Enrolment(Outcome.ENROLLED, cohort, Optional.empty());
                }
                currentCohort = row.getLong("cohort_id");
                enrolledBy = row.getLong("update_id");
            }
        }
        if (currentCohort == cohort.id()) {
            Outcome outcome =
                    enrolledBy != updateId ? Outcome.ALREADY_IN_IT : switching ? Outcome.SWITCHED : Outcome.ENROLLED;
            return new Enrolment(outcome, cohort, Optional.empty());
        }
        Optional<Cohort> previous = byId(currentCohort);
        if (!switching) {
            return new Enrolment(Outcome.IN_ANOTHER, cohort, previous);
        }
        write(
                connection,
                "UPDATE cohort_members SET cohort_id = ?, enrolled_at = ?, update_id = ? WHERE user_id = ?",
                userId,
                cohort,
                updateId);
        return new Enrolment(Outcome.SWITCHED, cohort, previous);
    }

    private void write(Connection connection, String sql, long userId, Cohort cohort, long updateId)
            throws SQLException {
        try (PreparedStatement write = connection.prepareStatement(sql)) {
            write.setLong(1, cohort.id());
            write.setTimestamp(2, Timestamp.from(clock.instant()));
            write.setLong(3, updateId);
            write.setLong(4, userId);
            write.executeUpdate();
        }
    }

    /**
     * Every cohort not revoked with its members, oldest cohort first, members in the order they joined: the read for
     * features that act on each member of a cohort (a reminder N days before its start). One statement.
     */
    public List<WithMembers> withMembers() throws SQLException {
        String sql = "SELECT " + COLUMNS + ", m.user_id, m.enrolled_at FROM cohorts c"
                + " LEFT JOIN cohort_members m ON m.cohort_id = c.id WHERE c.revoked_at IS NULL"
                + " ORDER BY c.created_at, c.id, m.enrolled_at, m.user_id";
        Map<Long, Cohort> cohorts = new LinkedHashMap<>();
        Map<Long, List<Member>> members = new HashMap<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long id = rows.getLong("id");
                if (!cohorts.containsKey(id)) {
                    cohorts.put(id, cohort(rows));
                    members.put(id, new ArrayList<>());
                }
                List<Member> list = members.get(id);
                long user = rows.getLong("user_id");
                if (!rows.wasNull()) {
                    list.add(new Member(user, rows.getTimestamp("enrolled_at").toInstant()));
                }
            }
        }
        return cohorts.values().stream()
                .map(cohort -> new WithMembers(cohort, members.get(cohort.id())))
                .toList();
    }

    private Optional<Cohort> one(String sql, Object parameter) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter);
            return read(query).stream().findFirst();
        }
    }

    private static List<Cohort> read(PreparedStatement query) throws SQLException {
        List<Cohort> cohorts = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                cohorts.add(cohort(rows));
            }
        }
        return cohorts;
    }

    static Cohort cohort(ResultSet rows) throws SQLException {
        LocalDate startsOn = rows.getObject("starts_on", LocalDate.class);
        Timestamp revoked = rows.getTimestamp("revoked_at");
        return new Cohort(
                rows.getLong("id"),
                rows.getString("code"),
                rows.getString("name"),
                Optional.ofNullable(startsOn),
                Optional.ofNullable(rows.getObject("deadline", LocalDate.class)),
                rows.getLong("created_by"),
                rows.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(revoked).map(Timestamp::toInstant));
    }
}
