package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import dev.trainingbot.worker.guard.UpdateGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sequences of user actions that used to be dead-lettered — a move the conversation's state did not allow, a button
 * without data or with a NUL byte, an answer Telegram had taken already, a reply to a user who had just blocked the
 * bot — each answered now, through the whole fleet with the production defaults and Telegram's limits.
 */
class ConversationGapsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "correct horse battery staple";
    private static FleetUnderTest fleet;
    private static FleetQueries db;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> throttle;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .set("ADMIN_PASS_HASH", AdminIT.generateAdminHash(PASSWORD))
                .start();
        db = new FleetQueries(fleet.database);
        redisClient = RedisClient.create();
        throttle = fleet.redis.connect(redisClient, fleet.redis.throttleDb());
    }

    @AfterAll
    static void stop() {
        throttle.close();
        redisClient.shutdown();
        fleet.close();
    }

    @AfterEach
    void noFaults() {
        fleet.telegram.clearFaults();
    }

    @Test
    void adminThenAQuizButtonOfAnOlderMessageLeavesThePasswordPromptAndStartsTheQuiz() {
        TelegramUser user = fleet.telegram.newUser("Curious", "en");
        BotMessage section = sectionMessage(user);
        user.send("/admin");
        user.awaitMessage(m -> m.text().contains("Send the admin password"), WAIT, "the password prompt");

        long pressed = user.press(section, "📝 Take the quiz");

        user.awaitMessage(m -> m.text().contains("question 1 of"), WAIT, "the first question");
        assertHandled(pressed);
        // The prompt is left: a text now is no password, neither deleted nor checked.
        user.send("is this the quiz?");
        user.awaitMessage(m -> m.text().contains("You have a quiz in progress"), WAIT, "the quiz reminder");
        assertThat(user.transcript()).noneMatch(TranscriptEvent.Deleted.class::isInstance);
    }

    @Test
    void aBroadcastRetypedAtThePreviewIsPreviewedAgain() {
        TelegramUser admin = fleet.telegram.newUser("Retyper", "en");
        admin.press(AdminIT.logIn(admin, PASSWORD), "📣 Broadcast");
        admin.awaitMessage(m -> m.text().contains("Send the message to broadcast"), WAIT, "the prompt");
        admin.send("First draft");
        admin.awaitMessage(m -> m.text().contains("Send it to"), WAIT, "the first preview");

        long retyped = admin.send("Second draft");

        admin.awaitTranscript(
                events -> events.stream()
                                .filter(e -> e instanceof TranscriptEvent.Sent sent
                                        && sent.message().text().contains("Send it to"))
                                .count()
                        == 2,
                WAIT,
                "the second preview");
        assertHandled(retyped);
        assertThat(admin.sent()).extracting(BotMessage::text).contains("Second draft");
    }

    @Test
    void adminOnceTheSessionEndedMidBroadcastAsksForThePassword() {
        TelegramUser admin = fleet.telegram.newUser("Expired", "en");
        admin.press(AdminIT.logIn(admin, PASSWORD), "📣 Broadcast");
        admin.awaitMessage(m -> m.text().contains("Send the message to broadcast"), WAIT, "the prompt");
        // What ADMIN_SESSION_TTL_SECONDS does.
        throttle.sync().del(UpdateGuard.adminSessionKey(admin.id()));

        long login = admin.send("/admin");

        assertHandled(login);
        assertThat(admin.awaitSent(4, WAIT).getLast().text()).contains("Send the admin password");
    }

    @Test
    void aQuizButtonWhileABroadcastIsPreparedIsRefusedWithANotice() {
        TelegramUser admin = fleet.telegram.newUser("Busy admin", "en");
        BotMessage section = sectionMessage(admin);
        admin.press(AdminIT.logIn(admin, PASSWORD), "📣 Broadcast");
        admin.awaitMessage(m -> m.text().contains("Send the message to broadcast"), WAIT, "the prompt");
        int answered = admin.callbackAnswers().size();

        long pressed = admin.press(section, "📝 Take the quiz");

        assertThat(admin.awaitCallbackAnswers(answered + 1, WAIT).getLast().text())
                .contains("A broadcast is being prepared");
        assertHandled(pressed);
        assertThat(db.auditOf(pressed)).containsExactly("update.callback_query/refused");
    }

    @Test
    void theCancelButtonOfAnOldPreviewIsOutOfDateAndLeavesAQuizInProgress() {
        TelegramUser admin = fleet.telegram.newUser("Quizzing admin", "en");
        BotMessage section = sectionMessage(admin);
        admin.press(AdminIT.logIn(admin, PASSWORD), "📣 Broadcast");
        admin.awaitMessage(m -> m.text().contains("Send the message to broadcast"), WAIT, "the prompt");
        admin.send("Never sent");
        BotMessage preview = admin.awaitMessage(m -> m.text().contains("Send it to"), WAIT, "the preview");
        admin.send("/cancel");
        admin.awaitMessage(m -> m.text().contains("Cancelled"), WAIT, "the cancellation");
        admin.press(section, "📝 Take the quiz");
        admin.awaitMessage(m -> m.text().contains("question 1 of"), WAIT, "the first question");
        int answered = admin.callbackAnswers().size();

        admin.press(preview, "✖ Cancel");

        assertThat(admin.awaitCallbackAnswers(answered + 1, WAIT).getLast().text())
                .contains("out of date");
        admin.send("still quizzing?");
        admin.awaitMessage(m -> m.text().contains("You have a quiz in progress"), WAIT, "the quiz reminder");
    }

    @Test
    void aButtonPressWithoutDataIsAnsweredAsOutOfDate() {
        TelegramUser user = fleet.telegram.newUser("No data", "en");
        BotMessage section = sectionMessage(user);

        long pressed = user.pressCallbackData(section.messageId(), null);

        assertThat(user.awaitCallbackAnswers(1, WAIT).getLast().text()).contains("out of date");
        await().atMost(WAIT).until(() -> db.auditOf(pressed), rows -> !rows.isEmpty());
        assertThat(db.auditOf(pressed)).containsExactly("update.callback_query/refused");
    }

    @Test
    void aForgedButtonWithANulByteIsAnsweredAndAuditedWithoutIt() {
        TelegramUser user = fleet.telegram.newUser("Forger", "en");
        BotMessage section = sectionMessage(user);

        long pressed = user.pressCallbackData(section.messageId(), "1:sec:\u0000");

        assertThat(user.awaitCallbackAnswers(1, WAIT).getLast().text()).contains("out of date");
        await().atMost(WAIT).until(() -> db.auditOf(pressed), rows -> !rows.isEmpty());
        assertThat(db.strings("SELECT details->>'callback_data' FROM audit_log WHERE update_id = ?", pressed))
                .containsExactly("1:sec:");
        // And the audit goes on.
        long after = user.send("/help");
        await().atMost(WAIT).until(() -> db.auditOf(after), rows -> !rows.isEmpty());
    }

    @Test
    void aForgedButtonWhoseAnswerReachedTelegramButWasLostIsNotDeadLettered() {
        TelegramUser user = fleet.telegram.newUser("Unlucky presser", "en");
        BotMessage section = sectionMessage(user);
        // Telegram takes the answer and the reply is lost: the retry finds the query answered.
        fleet.telegram.loseAnswersOfNext("answerCallbackQuery", 1);

        long pressed = user.pressCallbackData(section.messageId(), "1:nope");

        assertHandled(pressed);
        assertThat(db.auditOf(pressed)).containsExactly("update.callback_query/refused");
        assertThat(user.callbackAnswers()).hasSize(1);
    }

    @Test
    void aUserWhoBlocksTheBotRightAfterWritingIsRecordedNotDeadLetteredAndUnblockingClearsIt() {
        TelegramUser user = fleet.telegram.newUser("Leaver", "en");
        user.send("/start");
        user.awaitSent(1, WAIT);

        long written = user.send("/help");
        long blocked = user.blockBot();

        await().atMost(WAIT).until(() -> db.auditOf(written), rows -> !rows.isEmpty());
        assertThat(db.auditOf(written)).containsExactly("update.message/failed");
        await().atMost(WAIT).until(() -> db.auditOf(blocked), rows -> !rows.isEmpty());
        assertThat(blockedAtIsSet(user)).isTrue();

        long unblocked = user.unblockBot();
        await().atMost(WAIT).until(() -> db.auditOf(unblocked), rows -> !rows.isEmpty());
        assertThat(blockedAtIsSet(user)).isFalse();
    }

    @Test
    void blockingTheBotIsRecordedFromTelegramsMembershipUpdate() {
        TelegramUser user = fleet.telegram.newUser("Quiet", "en");
        user.send("/start");
        user.awaitSent(1, WAIT);

        long blocked = user.blockBot();

        await().atMost(WAIT).until(() -> db.auditOf(blocked), rows -> !rows.isEmpty());
        assertThat(blockedAtIsSet(user)).isTrue();
    }

    @Test
    void aBurstOfButtonsWhoseAnswersReachedTelegramButWereLostIsAnsweredOnceEachAndNothingIsDeadLettered() {
        TelegramUser user = fleet.telegram.newUser("Impatient", "en");
        BotMessage section = sectionMessage(user);
        // Every answer of the burst takes effect and its reply is lost, the throttle's notice too.
        fleet.telegram.loseAnswersOfNext("answerCallbackQuery", 8);

        List<Long> presses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            presses.add(user.pressCallbackData(section.messageId(), "1:nope:" + i));
        }

        presses.forEach(ConversationGapsIT::assertHandled);
        assertThat(user.callbackAnswers())
                .extracting(TranscriptEvent.CallbackAnswered::text)
                .contains("⏳ Too many requests. Please slow down a little.")
                .hasSizeLessThanOrEqualTo(8);
    }

    @Test
    void aBlockRightAfterABurstOfMessagesIsRecordedAndNothingIsDeadLettered() {
        TelegramUser user = fleet.telegram.newUser("Burst and leave", "en");
        user.send("/start");
        user.awaitSent(1, WAIT);

        List<Long> updates = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            updates.add(user.send("/help"));
        }
        // The replies and the throttle's notice find the bot blocked; Telegram's notice of it is not throttled.
        updates.add(user.blockBot());

        updates.forEach(ConversationGapsIT::assertHandled);
        assertThat(blockedAtIsSet(user)).isTrue();
    }

    /** The section "General info" as a message of its own, with its quiz button. */
    private static BotMessage sectionMessage(TelegramUser user) {
        int sent = user.sent().size();
        user.send("/general_info");
        BotMessage section = user.awaitSent(sent + 1, WAIT).getLast();
        assertThat(section.buttonTexts()).contains("📝 Take the quiz");
        return section;
    }

    /** Waits for the update's audit row: it was handled, not dead-lettered. */
    private static void assertHandled(long updateId) {
        await().atMost(WAIT).until(() -> db.auditOf(updateId), rows -> !rows.isEmpty());
        List<String> rows = db.auditOf(updateId);
        assertThat(rows).noneMatch(row -> row.startsWith("update.dead_lettered"));
    }

    private static boolean blockedAtIsSet(TelegramUser user) {
        return db.count("SELECT count(*) FROM users WHERE id = ? AND blocked_at IS NOT NULL", user.id()) == 1;
    }
}
