package dev.trainingbot.worker.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Finds registered users for the admin panel: by Telegram username, and the usernames of ids. One query each. */
public final class UserLookup {

    private final DataSource dataSource;

    public UserLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The id of the user whose Telegram username is {@code username} (with or without its '@', compared
     * case-insensitively, as Telegram does), if the bot has seen them.
     */
    public Optional<Long> idOf(String username) throws SQLException {
        String name = username.startsWith("@") ? username.substring(1) : username;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id FROM users WHERE lower(username) = lower(?) ORDER BY last_seen_at DESC LIMIT 1")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The usernames of those of {@code ids} who have one. */
    public Map<Long, String> usernames(List<Long> ids) throws SQLException {
        Map<Long, String> names = new HashMap<>();
        if (ids.isEmpty()) {
            return names;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id, username FROM users WHERE id = ANY (?) AND username IS NOT NULL")) {
            query.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.put(rows.getLong(1), rows.getString(2));
                }
            }
        }
        return names;
    }
}
