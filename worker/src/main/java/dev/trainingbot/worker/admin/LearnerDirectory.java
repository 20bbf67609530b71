package dev.trainingbot.worker.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Finds learners for the admin's user tools in {@code users}: by id (digits), by {@code @username}, or by a part of
 * the name or username, case-insensitive. One statement per search, at most {@value #LIMIT} + 1 rows, the learners
 * seen last first. A search by name scans {@code users} (no index serves {@code ILIKE '%…%'}); at the tens of
 * thousands of learners of a course that is milliseconds, and an admin searches seldom.
 */
final class LearnerDirectory {

    /** How many matches a search lists. */
    static final int LIMIT = 10;

    /** Longer search texts are cut: no name is that long, and the pattern stays cheap. */
    static final int MAX_QUERY_LENGTH = 64;

    private static final Pattern ID = Pattern.compile("\\d{1,18}");

    private static final String COLUMNS =
            "SELECT id, chat_id, first_name, last_name, username, language_code, last_seen_at, blocked_at FROM users ";

    /** One row of {@code users}, as the admin sees it. */
    record Learner(
            long id,
            OptionalLong chatId,
            String firstName,
            String lastName,
            String username,
            String languageCode,
            Instant lastSeenAt,
            Optional<Instant> blockedAt) {

        /** First and last name, else the @username, else the id. */
        String displayName() {
            String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
            if (!name.isEmpty()) {
                return name;
            }
            return username != null && !username.isEmpty() ? "@" + username : Long.toString(id);
        }
    }

    /** What a search found: up to {@value #LIMIT} learners, and whether more matched. */
    record Found(List<Learner> learners, boolean more) {}

    private final DataSource database;

    LearnerDirectory(DataSource database) {
        this.database = database;
    }

    /** The learner with id {@code id}, if the bot knows them. One statement. */
    Optional<Learner> learner(long id) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(COLUMNS + "WHERE id = ?")) {
            query.setLong(1, id);
            List<Learner> rows = read(query);
            return rows.stream().findFirst();
        }
    }

    /** The learner whose id {@code id} holds (a button's argument, a conversation's value), if it is one the bot knows. */
    Optional<Learner> learner(Optional<String> id) throws SQLException {
        Optional<Long> number = id.filter(ID.asMatchPredicate()).map(Long::parseLong);
        return number.isEmpty() ? Optional.empty() : learner(number.get());
    }

    /**
     * The learners {@code text} names: digits are an id (exact); {@code @name} a username, exact matches first, then
     * those containing it; anything else a part of the first and last name or of the username. Case-insensitive;
     * {@code %} and {@code _} match themselves.
     */
    Found find(String text) throws SQLException {
        String query = text.strip();
        if (query.length() > MAX_QUERY_LENGTH) {
            query = query.substring(0, MAX_QUERY_LENGTH);
        }
        String sql;
        List<Object> parameters = new ArrayList<>();
        if (ID.matcher(query).matches()) {
            sql = COLUMNS + "WHERE id = ? ORDER BY id LIMIT ?";
            parameters.add(Long.parseLong(query));
        } else if (query.startsWith("@") && query.length() > 1) {
            String username = query.substring(1);
            sql = COLUMNS + "WHERE username ILIKE ? ORDER BY lower(username) = lower(?) DESC, last_seen_at DESC, id"
                    + " LIMIT ?";
            parameters.add("%" + like(username) + "%");
            parameters.add(username);
        } else {
            sql = COLUMNS + "WHERE concat_ws(' ', first_name, last_name) ILIKE ? OR username ILIKE ?"
                    + " ORDER BY last_seen_at DESC, id LIMIT ?";
            parameters.add("%" + like(query) + "%");
            parameters.add("%" + like(query) + "%");
        }
        parameters.add(LIMIT + 1);
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<Learner> rows = read(statement);
            return rows.size() > LIMIT ? new Found(rows.subList(0, LIMIT), true) : new Found(rows, false);
        }
    }

    /** {@code text} as a literal inside a LIKE pattern (PostgreSQL's default escape character is the backslash). */
    static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static List<Learner> read(PreparedStatement query) throws SQLException {
        List<Learner> learners = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long chat = rows.getLong("chat_id");
                boolean hasChat = !rows.wasNull();
                Timestamp blocked = rows.getTimestamp("blocked_at");
                learners.add(new Learner(
                        rows.getLong("id"),
                        hasChat ? OptionalLong.of(chat) : OptionalLong.empty(),
                        rows.getString("first_name"),
                        rows.getString("last_name"),
                        rows.getString("username"),
                        rows.getString("language_code"),
                        rows.getTimestamp("last_seen_at").toInstant(),
                        Optional.ofNullable(blocked).map(Timestamp::toInstant)));
            }
        }
        return learners;
    }
}
