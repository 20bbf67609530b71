package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.FloodPolicy;
import dev.trainingbot.testkit.telegram.RequestRecord;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An admin broadcasts to two thousand users: the message goes through {@code tg.outbox} to everyone at the configured
 * rate, once each even though the confirmation is retried, the admin watches the progress and gets the final counts,
 * and users who blocked the bot are counted, marked and left out of the next broadcast.
 */
class BroadcastIT {

    private static final String PASSWORD = "broadcasting admin password";
    private static final double RATE = 150;
    private static final int USERS = 2_000;
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .workers(2)
                .set("ADMIN_PASS_HASH", AdminIT.generateAdminHash(PASSWORD))
                .set("TELEGRAM_GLOBAL_RATE", Double.toString(RATE))
                .set("TELEGRAM_GLOBAL_BURST", "20")
                .start();
        fleet.telegram.enforce(new FloodPolicy(RATE, RATE, 1, 4, 20));
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aBroadcastReachesEveryoneAtTheConfiguredRateWithProgressAndFinalCounts() throws Exception {
        List<TelegramUser> audience = seedUsers(USERS);
        Set<Long> blocking =
                audience.subList(0, 5).stream().map(TelegramUser::id).collect(Collectors.toSet());
        audience.subList(0, 5).forEach(TelegramUser::blockBotUnnoticed);
        // Two of them also write in a group the bot is in: the broadcast still goes to their private chats, once each,
        // and never into the group.
        long group = fleet.telegram.newGroup("Office");
        TelegramUser inGroup = audience.get(10).inGroup(group);
        inGroup.send("hello everyone");
        audience.get(11).inGroup(group).send("hi");
        inGroup.awaitSent(2, Duration.ofSeconds(30));
        TelegramUser admin = fleet.telegram.newUser("Broadcaster", "en");
        BotMessage menu = AdminIT.logIn(admin, PASSWORD);

        admin.press(menu, "📣 Broadcast");
        admin.awaitMessage(m -> m.text().contains("Send the message to broadcast"), Duration.ofSeconds(30), "prompt");
        admin.send("<b>Welcome week</b>: the office party is on Friday!");
        BotMessage confirm =
                admin.awaitMessage(m -> m.text().contains("Send it to"), Duration.ofSeconds(30), "the preview");
        assertThat(confirm.text()).contains("Send it to " + String.format("%,d", USERS + 1) + " users?");
        // The confirmation answers its button, starts the broadcast, then shows the progress screen, answering again.
        // That second answer is refused once: the update is retried after the broadcast started, and must not start
        // another.
        AtomicInteger answers = new AtomicInteger();
        fleet.telegram.onRequest(call -> {
            if (call.method().equals("answerCallbackQuery") && answers.incrementAndGet() == 1) {
                fleet.telegram.failNext("answerCallbackQuery", 1, 400);
            }
        });
        admin.press(confirm, "✅ Send to " + String.format("%,d", USERS + 1) + " users");

        BotMessage finished =
                admin.awaitMessage(m -> m.text().contains("finished"), Duration.ofMinutes(3), "the final counts");
        assertThat(finished.text())
                .contains("Of " + String.format("%,d", USERS + 1) + " users")
                .contains("delivered " + String.format("%,d", USERS - 4))
                .contains("blocked the bot 5")
                .contains("failed 0");
        BotMessage progress = admin.messages().stream()
                .filter(m -> m.messageId() == confirm.messageId())
                .findFirst()
                .orElseThrow();
        assertThat(progress.editCount()).as("progress reports").isGreaterThanOrEqualTo(3);
        assertThat(progress.text()).contains("Broadcast");

        for (TelegramUser user : audience) {
            assertThat(user.sent()).hasSize(blocking.contains(user.id()) ? 0 : 1);
        }
        assertThat(inGroup.sent()).noneMatch(m -> m.text().contains("Welcome week"));
        assertThat(fleet.telegram.floodRefusals()).isZero();
        List<RequestRecord> sends = fleet.telegram.requestLog().stream()
                .filter(r -> r.method().equals("sendMessage")
                        && r.status() == 200
                        && r.chatId() != admin.chatId()
                        && r.chatId() != group)
                .sorted(Comparator.comparingLong(RequestRecord::startNanos))
                .toList();
        double seconds = (sends.getLast().startNanos() - sends.getFirst().startNanos()) / 1e9;
        double rate = (sends.size() - 20) / seconds;
        // Measured where the calls arrive, so a few percent of network jitter above the limit; well below it only when
        // something else than the limit held the broadcast back, with room for a busy machine.
        assertThat(rate).as("messages per second").isBetween(RATE * 0.25, RATE * 1.05);

        FleetQueries db = new FleetQueries(fleet.database);
        assertThat(db.count("SELECT count(*) FROM users WHERE blocked_at IS NOT NULL"))
                .isEqualTo(5);

        // The next broadcast leaves out those who blocked the bot.
        int sent = admin.sent().size();
        admin.press(menu, "📣 Broadcast");
        admin.awaitSent(sent + 1, Duration.ofSeconds(30));
        admin.send("A second message");
        BotMessage second = admin.awaitMessage(
                m -> m.text().contains("Send it to") && m.messageId() != confirm.messageId(),
                Duration.ofSeconds(30),
                "the second preview");
        assertThat(second.text()).contains("Send it to " + String.format("%,d", USERS - 4) + " users?");
        admin.press(second, "✖ Cancel");
        admin.awaitMessage(m -> m.text().contains("cancelled"), Duration.ofSeconds(30), "the cancellation");
    }

    /** Users known to the bot: a chat in the emulator and a row in {@code users}, as if each had sent /start. */
    private static List<TelegramUser> seedUsers(int count) throws Exception {
        List<TelegramUser> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(fleet.telegram.newUser("Member" + i, "en"));
        }
        try (Connection connection = fleet.database.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO users (id, chat_id, first_name, language_code) VALUES (?, ?, ?, 'en')")) {
            for (TelegramUser user : users) {
                insert.setLong(1, user.id());
                insert.setLong(2, user.chatId());
                insert.setString(3, user.firstName());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return users;
    }
}
