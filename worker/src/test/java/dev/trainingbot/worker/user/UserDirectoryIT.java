package dev.trainingbot.worker.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.testkit.postgres.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.User;

/** Users' rows in a real PostgreSQL: registration, last-seen throttling, and which chat is theirs. */
class UserDirectoryIT {

    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final long GROUP = -1_001_234_567_890L;

    private static TestDatabase database;
    private static HikariDataSource dataSource;
    private static final AtomicLong ids = new AtomicLong(50_000);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T10:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final UserDirectory users = new UserDirectory(dataSource, INTERVAL, clock);

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        dataSource = Database.pool(database.settings(), "users-it", new SimpleMeterRegistry());
        Database.migrate(dataSource);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
        database.close();
    }

    @Test
    void aUsersFirstUpdateRegistersThemWithTheirPrivateChat() throws SQLException {
        User user = user();

        users.touch(user, user.getId());

        Row row = row(user.getId());
        assertThat(row.chatId()).isEqualTo(user.getId());
        assertThat(row.lastSeenAt()).isEqualTo(now.get());
    }

    @Test
    void updatesWithinTheTouchIntervalWriteLastSeenAtMostOnce() throws SQLException {
        User user = user();
        Instant first = now.get();
        users.touch(user, user.getId());
        long writtenBy = row(user.getId()).writtenBy();

        for (int update = 0; update < 20; update++) {
            advance(Duration.ofSeconds(14));
            users.touch(user, update % 2 == 0 ? user.getId() : GROUP);
        }

        // 20 updates over 4 min 40 s: no write after the first; the row is the one that first upsert wrote.
        Row row = row(user.getId());
        assertThat(row.lastSeenAt()).isEqualTo(first);
        assertThat(row.writtenBy())
                .as("the transaction that last wrote the row")
                .isEqualTo(writtenBy);
        advance(Duration.ofSeconds(20));
        users.touch(user, user.getId());
        assertThat(row(user.getId()).lastSeenAt()).isEqualTo(now.get());
    }

    @Test
    void writingInAGroupKeepsTheUsersPrivateChat() throws SQLException {
        User user = user();
        users.touch(user, user.getId());
        advance(INTERVAL.plusSeconds(1));

        users.touch(user, GROUP);

        Row row = row(user.getId());
        assertThat(row.chatId()).isEqualTo(user.getId());
        assertThat(row.lastSeenAt()).isEqualTo(now.get());
    }

    @Test
    void aUserFirstSeenInAGroupHasNoChatUntilTheyWriteInPrivateAtOnce() throws SQLException {
        User user = user();

        users.touch(user, GROUP);

        assertThat(row(user.getId()).chatId()).isNull();
        advance(Duration.ofSeconds(10));
        users.touch(user, user.getId());
        assertThat(row(user.getId()).chatId())
                .as("written within the interval: the user can be reached now")
                .isEqualTo(user.getId());
    }

    @Test
    void writingInAGroupDoesNotUnmarkAUserWhoBlockedTheBotButWritingInPrivateDoes() throws SQLException {
        User user = user();
        users.touch(user, user.getId());
        execute("UPDATE users SET blocked_at = now() WHERE id = ?", user.getId());
        advance(INTERVAL.plusSeconds(1));

        users.touch(user, GROUP);

        assertThat(row(user.getId()).blocked()).isTrue();
        advance(INTERVAL.plusSeconds(1));
        users.touch(user, user.getId());
        assertThat(row(user.getId()).blocked()).isFalse();
    }

    @Test
    void blockingTheBotMarksTheUserAndUnblockingItClearsTheMarkBothWrittenAtOnce() throws SQLException {
        User user = user();
        users.touch(user, user.getId());

        users.blocking(user, user.getId(), true);

        assertThat(row(user.getId()).blocked()).isTrue();
        users.blocking(user, user.getId(), false);
        assertThat(row(user.getId()).blocked()).isFalse();
    }

    @Test
    void aPrivateMessageRightAfterABlockClearsTheMarkWithinTheInterval() throws SQLException {
        User user = user();
        users.touch(user, user.getId());
        users.blocking(user, user.getId(), true);
        advance(Duration.ofSeconds(1));

        // One cannot write to a bot one blocked: the user unblocked it, whether or not that update arrived.
        users.touch(user, user.getId());

        assertThat(row(user.getId()).blocked()).isFalse();
    }

    @Test
    void aChosenLanguageIsStoredAndRemembered() throws SQLException {
        User user = user();
        assertThat(users.touch(user, user.getId())).isEmpty();

        users.chooseLanguage(user.getId(), "ru");

        assertThat(storedLanguage(user.getId())).isEqualTo("ru");
        long written = row(user.getId()).writtenBy();
        assertThat(users.touch(user, user.getId())).contains("ru");
        assertThat(row(user.getId()).writtenBy()).as("known without a write").isEqualTo(written);
    }

    @Test
    void anotherReplicaOrARestartReadsTheChosenLanguageWithItsFirstWrite() throws SQLException {
        User user = user();
        users.touch(user, user.getId());
        users.chooseLanguage(user.getId(), "ru");

        UserDirectory restarted = new UserDirectory(dataSource, INTERVAL, clock);

        assertThat(restarted.touch(user, GROUP)).contains("ru");
        assertThat(restarted.blocking(user, user.getId(), false)).contains("ru");
    }

    @Test
    void aNewTelegramLanguageLeavesTheChosenOneBe() throws SQLException {
        User user = user();
        users.touch(user, user.getId());
        users.chooseLanguage(user.getId(), "ru");
        user.setLanguageCode("de");
        advance(INTERVAL);

        assertThat(users.touch(user, user.getId())).contains("ru");
        assertThat(storedLanguage(user.getId())).isEqualTo("ru");
    }

    private static String storedLanguage(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT language FROM users WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    private static User user() {
        User user = new User(ids.incrementAndGet(), "Uma", false);
        user.setLanguageCode("en");
        return user;
    }

    /** A row as stored; {@code writtenBy} is PostgreSQL's {@code xmin}, which every write of the row changes. */
    private record Row(Long chatId, Instant lastSeenAt, boolean blocked, long writtenBy) {}

    private static Row row(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT chat_id, last_seen_at, blocked_at IS NOT NULL, xmin::text::bigint FROM users WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("a row for user " + id).isTrue();
                long chat = rows.getLong(1);
                Long chatId = rows.wasNull() ? null : chat;
                return new Row(
                        chatId,
                        rows.getTimestamp(2).toInstant().truncatedTo(ChronoUnit.MICROS),
                        rows.getBoolean(3),
                        rows.getLong(4));
            }
        }
    }

    private static void execute(String sql, long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, id);
            statement.executeUpdate();
        }
    }
}
