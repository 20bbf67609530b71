package dev.trainingbot.worker.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.telegram.telegrambots.meta.api.objects.User;

/**
 * Registers users on first contact and keeps {@code users.last_seen_at} roughly current, without a database write per
 * update: this worker writes a user at most once per {@code USER_TOUCH_INTERVAL_SECONDS} (default 300). The first
 * update of a user this worker has not seen writes synchronously (one upsert), so the row exists before any handler
 * stores progress for it; later ones within the interval cost nothing.
 *
 * <p>{@code users.chat_id} is the user's private chat with the bot, where broadcasts go, and only an update from that
 * chat writes it (its id is the user's id). An update from a group registers the user and their last-seen time but
 * leaves the chat as it was — none, for a user never seen in private — and does not clear {@code blocked_at} either:
 * writing in a group says nothing about whether they blocked the bot. The first private update after group ones is
 * written even within the interval, so that the user can be reached at once.
 *
 * <p>{@code blocked_at}: {@link #blocking} records that the user blocked the bot (Telegram's {@code my_chat_member}
 * update with status {@code kicked}, or a 403 to a reply) or unblocked it ({@code member}), always with a write; an
 * ordinary private update clears it too (one cannot write to a bot one blocked), written at once after a block.
 *
 * <p>The language a user chose with {@code /language} ({@code users.language}) comes back from each upsert and is
 * remembered with it, so knowing it costs nothing more; {@link #chooseLanguage} writes a new choice (one update) and
 * remembers it. A replica that handled the user before a choice made on another keeps the old language until its next
 * write, {@code USER_TOUCH_INTERVAL_SECONDS} at most — it matters only when the chat's partition moved between them
 * within that time.
 *
 * <p>Each replica keeps its own memory of whom it wrote when, so N replicas write a user at most N times an interval.
 */
public final class UserDirectory {

    private static final String UPSERT = """
            INSERT INTO users (id, chat_id, first_name, last_name, username, language_code, last_seen_at, blocked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                chat_id = COALESCE(EXCLUDED.chat_id, users.chat_id),
                first_name = EXCLUDED.first_name,
                last_name = EXCLUDED.last_name,
                username = EXCLUDED.username,
                language_code = EXCLUDED.language_code,
                last_seen_at = EXCLUDED.last_seen_at,
                blocked_at = CASE WHEN EXCLUDED.chat_id IS NULL THEN users.blocked_at ELSE EXCLUDED.blocked_at END
            RETURNING language
            """;
    private static final String CHOOSE_LANGUAGE = "UPDATE users SET language = ? WHERE id = ?";

    /**
     * When this worker last wrote a user, whether their row has their private chat by now, and says they blocked; the
     * language they chose (null for none).
     */
    private record Written(Instant at, boolean chatRecorded, boolean blocked, String language) {}

    private final DataSource dataSource;
    private final Duration interval;
    private final InstantSource clock;
    private final ConcurrentHashMap<Long, Written> lastWritten = new ConcurrentHashMap<>();

    public UserDirectory(DataSource dataSource, Duration interval, InstantSource clock) {
        this.dataSource = dataSource;
        this.interval = interval;
        this.clock = clock;
    }

    /**
     * Records that {@code user} was seen in {@code chatId} — their private chat when it is their id, else a group —
     * writing only when due; returns the language they chose with {@code /language}, if any.
     */
    public Optional<String> touch(User user, long chatId) throws SQLException {
        Instant now = clock.instant();
        boolean privateChat = chatId == user.getId();
        Written last = lastWritten.get(user.getId());
        if (last != null
                && last.at().plus(interval).isAfter(now)
                && (!privateChat || (last.chatRecorded() && !last.blocked()))) {
            return Optional.ofNullable(last.language());
        }
        return write(user, chatId, privateChat, null, now, last);
    }

    /**
     * Records that {@code user} blocked the bot in their private chat {@code chatId}, or unblocked it: one write;
     * returns their language as {@link #touch} does.
     */
    public Optional<String> blocking(User user, long chatId, boolean blocked) throws SQLException {
        Instant now = clock.instant();
        return write(user, chatId, true, blocked ? now : null, now, lastWritten.get(user.getId()));
    }

    /** Stores {@code language} as the language {@code userId} chose, over their Telegram one: one update. */
    public void chooseLanguage(long userId, String language) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(CHOOSE_LANGUAGE)) {
            update.setString(1, language);
            update.setLong(2, userId);
            update.executeUpdate();
        }
        lastWritten.computeIfPresent(
                userId,
                (id, written) -> new Written(written.at(), written.chatRecorded(), written.blocked(), language));
    }

    private Optional<String> write(
            User user, long chatId, boolean privateChat, Instant blockedAt, Instant now, Written last)
            throws SQLException {
        String language;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setLong(1, user.getId());
            if (privateChat) {
                upsert.setLong(2, chatId);
            } else {
                upsert.setNull(2, Types.BIGINT);
            }
            upsert.setString(3, user.getFirstName());
            upsert.setString(4, user.getLastName());
            upsert.setString(5, user.getUserName());
            upsert.setString(6, user.getLanguageCode());
            upsert.setTimestamp(7, Timestamp.from(now));
            upsert.setTimestamp(8, blockedAt == null ? null : Timestamp.from(blockedAt));
            try (ResultSet row = upsert.executeQuery()) {
                language = row.next() ? row.getString(1) : null;
            }
        }
        boolean chatRecorded = privateChat || (last != null && last.chatRecorded());
        boolean blocked = privateChat ? blockedAt != null : last != null && last.blocked();
        lastWritten.put(user.getId(), new Written(now, chatRecorded, blocked, language));
        if (lastWritten.size() > 100_000) {
            forgetOlderThan(now.minus(interval));
        }
        return Optional.ofNullable(language);
    }

    /** Forgets who was written before {@code cutoff}; they will be written again when next seen. */
    void forgetOlderThan(Instant cutoff) {
        lastWritten.values().removeIf(written -> written.at().isBefore(cutoff));
    }
}
