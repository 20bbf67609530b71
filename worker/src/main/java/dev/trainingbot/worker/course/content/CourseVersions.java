package dev.trainingbot.worker.course.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;

/**
 * The table {@code course_versions}: every course content published, numbered from 1. Publishing inserts the next
 * number under a transaction-scoped advisory lock (two publishers never take the same number) and sends
 * {@code NOTIFY course_versions, '<number>'}, delivered to every listening worker when the insert commits. A roll-back
 * is a publication of an older content, under a new number.
 */
public final class CourseVersions {

    /** The notification channel, for {@code LISTEN}. */
    public static final String CHANNEL = "course_versions";

    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('course_versions'))";
    private static final String NEXT = "SELECT coalesce(max(version), 0) + 1 FROM course_versions";
    private static final String INSERT =
            "INSERT INTO course_versions (version, content, checksum, created_by) VALUES (?, ?, ?, ?)";
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', ?)";
    private static final String KNOWN = "SELECT 1 FROM course_versions WHERE checksum = ? LIMIT 1";
    private static final String ONE =
            "SELECT version, content, checksum, created_at, created_by FROM course_versions WHERE version = ?";
    private static final String NEWEST = "SELECT version, content, checksum, created_at, created_by FROM"
            + " course_versions WHERE version > ? ORDER BY version DESC LIMIT ?";

    /** A stored version. */
    public record Row(int version, String content, String checksum, Instant createdAt, String createdBy) {}

    private final DataSource database;

    public CourseVersions(DataSource database) {
        this.database = database;
    }

    /** The SHA-256 of {@code content}, hex: what tells two contents apart. */
    public static String checksum(String content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores {@code content} as the next version and announces it; returns its number. */
    public int publish(String content, String createdBy) throws SQLException {
        return insert(content, createdBy, false).orElseThrow();
    }

    /**
     * Stores {@code content} as the next version unless a version with its checksum exists (the content file a worker
     * found at start-up, which another worker may have stored already); returns the new number, if any.
     */
    public OptionalInt publishIfNew(String content, String createdBy) throws SQLException {
        return insert(content, createdBy, true);
    }

    private OptionalInt insert(String content, String createdBy, boolean onlyIfNew) throws SQLException {
        String checksum = checksum(content);
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                execute(connection, LOCK);
                if (onlyIfNew) {
                    try (PreparedStatement known = connection.prepareStatement(KNOWN)) {
                        known.setString(1, checksum);
                        try (ResultSet rows = known.executeQuery()) {
                            if (rows.next()) {
                                connection.rollback();
                                return OptionalInt.empty();
                            }
                        }
                    }
                }
                int version;
                try (PreparedStatement next = connection.prepareStatement(NEXT);
                        ResultSet rows = next.executeQuery()) {
                    rows.next();
                    version = rows.getInt(1);
                }
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    insert.setInt(1, version);
                    insert.setString(2, content);
                    insert.setString(3, checksum);
                    insert.setString(4, createdBy);
                    insert.executeUpdate();
                }
                try (PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
                    notify.setString(1, Integer.toString(version));
                    notify.execute();
                }
                connection.commit();
                return OptionalInt.of(version);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Version {@code number}, if stored. */
    public Optional<Row> get(int number) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(ONE)) {
            select.setInt(1, number);
            List<Row> rows = rows(select);
            return rows.stream().findFirst();
        }
    }

    /** Up to {@code limit} versions newer than {@code after}, newest first. */
    public List<Row> newerThan(int after, int limit) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(NEWEST)) {
            select.setInt(1, after);
            select.setInt(2, limit);
            return rows(select);
        }
    }

    private static List<Row> rows(PreparedStatement select) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(new Row(
                        result.getInt(1),
                        result.getString(2),
                        result.getString(3),
                        result.getTimestamp(4).toInstant(),
                        result.getString(5)));
            }
        }
        return rows;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }
}
