package dev.trainingbot.worker.broadcast;

import io.lettuce.core.api.async.RedisAsyncCommands;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * Whom a broadcast goes to: the private chats of users who have not blocked the bot, each once, read from PostgreSQL
 * when the broadcast first starts and fixed in Redis ({@code broadcast:{id}:audience}) so that a retry sends to the
 * same chats. A user who blocked the bot is marked here, and left out of later broadcasts.
 */
final class BroadcastAudience {

    /** Chats per SADD when the audience is stored. */
    static final int AUDIENCE_CHUNK = 1_000;

    private final DataSource users;
    private final RedisAsyncCommands<String, String> redis;

    BroadcastAudience(DataSource users, RedisAsyncCommands<String, String> redis) {
        this.users = users;
        this.redis = redis;
    }

    /** How many chats a broadcast would reach now. One statement. */
    int size() throws SQLException {
        try (Connection connection = users.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(DISTINCT chat_id) FROM users WHERE blocked_at IS NULL AND chat_id IS NOT NULL");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The chats a broadcast would reach now, in chat order. One statement. */
    List<Long> chats() throws SQLException {
        List<Long> chats = new ArrayList<>();
        try (Connection connection = users.getConnection();
                // Each chat once: count.lua counts a chat once, so a chat listed twice would keep the total unreached.
                PreparedStatement query = connection.prepareStatement(
                        "SELECT DISTINCT chat_id FROM users WHERE blocked_at IS NULL AND chat_id IS NOT NULL"
                                + " ORDER BY chat_id")) {
            query.setFetchSize(1_000);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    chats.add(rows.getLong(1));
                }
            }
        }
        return chats;
    }

    /**
     * Fixes the audience of broadcast {@code id}. Whatever an earlier attempt left of it is replaced: no record went
     * out before the counters were written, so nobody depends on it.
     */
    void store(String id, List<Long> chats) throws Exception {
        String audience = Broadcasts.key(id) + ":audience";
        redis.del(audience).get();
        List<CompletableFuture<Long>> added = new ArrayList<>();
        for (int from = 0; from < chats.size(); from += AUDIENCE_CHUNK) {
            String[] members = chats.subList(from, Math.min(chats.size(), from + AUDIENCE_CHUNK)).stream()
                    .map(String::valueOf)
                    .toArray(String[]::new);
            added.add(redis.sadd(audience, members).toCompletableFuture());
        }
        CompletableFuture.allOf(added.toArray(CompletableFuture[]::new)).get();
        redis.expire(audience, Broadcasts.TTL).get();
    }

    /** The audience broadcast {@code id} was fixed to when it first started, in chat order. */
    List<Long> stored(String id) throws Exception {
        Set<String> members = redis.smembers(Broadcasts.key(id) + ":audience").get();
        return members.stream().map(Long::parseLong).sorted().toList();
    }

    /** Records that the user blocked the bot, so later broadcasts skip them; they are unmarked when they write again. */
    void markBlocked(long chat) throws SQLException {
        try (Connection connection = users.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE users SET blocked_at = now() WHERE chat_id = ? AND blocked_at IS NULL")) {
            update.setLong(1, chat);
            update.executeUpdate();
        }
    }
}
