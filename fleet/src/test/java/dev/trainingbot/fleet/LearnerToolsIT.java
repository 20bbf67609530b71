package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.Button;
import dev.trainingbot.testkit.telegram.FloodPolicy;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin's tools for one learner, through the chat as an admin uses them, with the production defaults and
 * Telegram's flood limits: finding a learner by part of the name, @username or id; their screen; resetting a section
 * once however often the confirmation is pressed; and writing to them through the outbox.
 */
class LearnerToolsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "learner tools admin password";
    private static FleetUnderTest fleet;
    private static FleetQueries db;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .set("ADMIN_PASS_HASH", AdminIT.generateAdminHash(PASSWORD))
                // Telegram's limits as production runs with them (FleetUnderTest lifts them for other tests).
                .set("TELEGRAM_GLOBAL_RATE", "30")
                .set("TELEGRAM_CHAT_RATE", "1")
                .set("TELEGRAM_CHAT_BURST", "3")
                .start();
        fleet.telegram.enforce(FloodPolicy.telegram());
        db = new FleetQueries(fleet.database);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void anAdminFindsALearnerByPartOfTheNameSeesTheirProgressAndResetsASectionOnce() {
        TelegramUser learner = fleet.telegram.newUser("Zelda Quartermain", "ru");
        readFirstLesson(learner);
        TelegramUser admin = fleet.telegram.newUser("Reset admin", "en");

        BotMessage card = find(admin, "QUARTER");

        assertThat(card.text())
                .contains("Zelda Quartermain")
                .contains("id <code>" + learner.id() + "</code>")
                .contains("Language: ru")
                .contains("Last activity: ")
                .contains("Blocked the bot: no")
                .contains("Cohort: —")
                .contains("<b>General info</b>\nlessons 1 of");
        admin.press(card, "♻ Reset «General info»");
        BotMessage confirm = admin.awaitMessage(m -> m.text().contains("Reset the progress of"), WAIT, "the question");
        Button yes = confirm.button("✅ Yes, reset").orElseThrow();
        admin.press(confirm, "✅ Yes, reset");
        BotMessage reset = admin.awaitMessage(m -> m.text().contains("Progress reset"), WAIT, "the reset");
        assertThat(reset.text())
                .contains("1 lessons read and 0 quiz attempts deleted")
                .contains("<b>General info</b>\nlessons 0 of");
        // The learner reads again; the same confirmation pressed once more (a client that missed the edit) changes
        // nothing and says so.
        readFirstLesson(learner);
        int answers = admin.callbackAnswers().size();
        admin.pressCallbackData(confirm.messageId(), yes.callbackData());

        assertThat(admin.awaitCallbackAnswers(answers + 1, WAIT).getLast().text())
                .contains("This reset was done already");
        assertThat(db.count("SELECT count(*) FROM lesson_completions WHERE user_id = ?", learner.id()))
                .isEqualTo(1);
        await().atMost(WAIT)
                .until(
                        () -> db.strings(
                                "SELECT details->>'admin' FROM audit_log WHERE user_id = ?"
                                        + " AND details->>'learner' = ? AND details->>'admin' LIKE 'learner_reset%'"
                                        + " ORDER BY ts",
                                admin.id(), Long.toString(learner.id())),
                        List.of("learner_reset_asked", "learner_reset", "learner_reset_repeated")::equals);
    }

    @Test
    void severalMatchesAreAListOfButtonsAndAUsernameOrAnIdFindsOne() {
        TelegramUser ann = fleet.telegram.newUser("Ann Marlowe", "en");
        TelegramUser bob = fleet.telegram.newUserWithUsername("Bob Marlowe", "bob_m", "en");
        for (TelegramUser user : List.of(ann, bob)) {
            user.send("/start");
            user.awaitSent(1, WAIT);
        }
        TelegramUser admin = fleet.telegram.newUser("Search admin", "en");
        AdminIT.logIn(admin, PASSWORD);

        BotMessage list = search(admin, "marlowe", m -> m.text().contains("learners match"));
        assertThat(list.text()).contains("2 learners match «marlowe»");
        assertThat(list.buttonTexts()).containsExactlyInAnyOrder("Ann Marlowe", "Bob Marlowe @bob_m");
        admin.press(list, "Bob Marlowe @bob_m");
        BotMessage bobs = admin.awaitMessage(m -> m.text().contains("id <code>" + bob.id()), WAIT, "Bob");
        assertThat(bobs.text()).contains("<b>Bob Marlowe</b> · @bob_m");

        BotMessage byUsername = search(admin, "@BOB_M", m -> m.text().startsWith("👤 <b>Bob Marlowe"));
        assertThat(byUsername.text()).contains("id <code>" + bob.id());
        BotMessage byId = search(admin, Long.toString(ann.id()), m -> m.text().startsWith("👤 <b>Ann Marlowe"));
        assertThat(byId.buttonTexts()).contains("✉️ Send a message", "♻ Reset the whole course");
        BotMessage none = search(admin, "50%_off", m -> m.text().startsWith("Nobody matches"));
        assertThat(none.text()).contains("Nobody matches «50%_off»");
    }

    @Test
    void anAdminWritesToOneLearnerThroughTheOutboxAndSeesItDeliveredOnce() {
        TelegramUser learner = fleet.telegram.newUser("Carol Pennywhistle", "en");
        learner.send("/start");
        learner.awaitSent(1, WAIT);
        TelegramUser admin = fleet.telegram.newUser("Writing admin", "en");
        BotMessage card = find(admin, "pennywhistle");

        admin.press(card, "✉️ Send a message");
        admin.awaitMessage(m -> m.text().contains("Send the message for"), WAIT, "the prompt");
        admin.send("<blink>hi</blink>");
        admin.awaitMessage(m -> m.text().contains("Telegram would refuse"), WAIT, "the refusal");
        admin.send("<b>Hello</b> Carol, your mentor is waiting for you.");
        BotMessage preview = admin.awaitMessage(m -> m.text().contains("Send it to"), WAIT, "the preview");
        assertThat(preview.text()).contains("Send it to <b>Carol Pennywhistle</b>?");
        Button send = preview.button("✅ Send").orElseThrow();
        admin.press(preview, "✅ Send");

        BotMessage received =
                learner.awaitMessage(m -> m.text().contains("your mentor is waiting"), WAIT, "the message");
        assertThat(received.text()).isEqualTo("<b>Hello</b> Carol, your mentor is waiting for you.");
        admin.awaitMessage(m -> m.text().contains("✅ delivered"), WAIT, "the delivery report");
        int answers = admin.callbackAnswers().size();
        admin.pressCallbackData(preview.messageId(), send.callbackData());
        assertThat(admin.awaitCallbackAnswers(answers + 1, WAIT).getLast().text())
                .contains("out of date");
        assertThat(learner.messages())
                .filteredOn(m -> m.text().contains("your mentor"))
                .hasSize(1);
        await().atMost(WAIT)
                .until(() -> db.count(
                                "SELECT count(*) FROM audit_log WHERE type = 'broadcast.delivery' AND chat_id = ?"
                                        + " AND outcome = 'succeeded'",
                                learner.chatId())
                        == 1);
        assertThat(db.strings(
                        "SELECT details->>'learner' FROM audit_log WHERE user_id = ?"
                                + " AND details->>'admin' = 'learner_message_sent'",
                        admin.id()))
                .containsExactly(Long.toString(learner.id()));
    }

    @Test
    void aLearnerWhoBlockedTheBotIsShownSoAndAMessageToThemIsReportedUndelivered() {
        TelegramUser learner = fleet.telegram.newUser("Dmitri Blockwell", "en");
        learner.send("/start");
        learner.awaitSent(1, WAIT);
        learner.blockBot();
        await().atMost(WAIT)
                .until(() ->
                        db.count("SELECT count(*) FROM users WHERE id = ? AND blocked_at IS NOT NULL", learner.id())
                                == 1);
        TelegramUser admin = fleet.telegram.newUser("Blocked admin", "en");
        BotMessage card = find(admin, "blockwell");
        assertThat(card.text()).containsPattern("Blocked the bot: yes, since \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");

        admin.press(card, "✉️ Send a message");
        admin.awaitMessage(m -> m.text().contains("Send the message for"), WAIT, "the prompt");
        admin.send("Are you still with us?");
        BotMessage preview = admin.awaitMessage(m -> m.text().contains("Send it to"), WAIT, "the preview");
        admin.press(preview, "✅ Send");

        admin.awaitMessage(m -> m.text().contains("⛔ not delivered, they blocked the bot"), WAIT, "the report");
    }

    @Test
    void aLearnerScreensButtonAfterTheSessionEndedIsRefusedPolitely() {
        TelegramUser learner = fleet.telegram.newUser("Erin Sessionless", "en");
        learner.send("/start");
        learner.awaitSent(1, WAIT);
        TelegramUser admin = fleet.telegram.newUser("Leaving admin", "en");
        BotMessage card = find(admin, "sessionless");
        admin.send("/logout");
        admin.awaitMessage(m -> m.text().contains("logged out"), WAIT, "the logout");

        int answers = admin.callbackAnswers().size();
        admin.press(card, "♻ Reset the whole course");

        assertThat(admin.awaitCallbackAnswers(answers + 1, WAIT).getLast().text())
                .contains("session has ended");
        assertThat(fleet.deadLetters()).isEmpty();
    }

    /** Logs in, presses "Find a learner" and sends {@code query}, which must name one learner; returns their screen. */
    private static BotMessage find(TelegramUser admin, String query) {
        AdminIT.logIn(admin, PASSWORD);
        return search(admin, query, m -> m.text().startsWith("👤 <b>"));
    }

    /** From the latest message with a "Find" button, presses it and sends {@code query}; returns the answer. */
    private static BotMessage search(TelegramUser admin, String query, Predicate<BotMessage> answer) {
        BotMessage withFind = admin.awaitMessage(
                m -> m.buttonTexts().stream().anyMatch(text -> text.contains("Find")), WAIT, "a find button");
        admin.pressContaining(withFind, "Find");
        admin.awaitMessage(m -> m.text().contains("Send the id, @username or name"), WAIT, "the prompt");
        int sent = admin.sent().size();
        admin.send(query);
        admin.awaitSent(sent + 1, WAIT);
        return admin.awaitMessage(answer, WAIT, "the answer to " + query);
    }

    /** The learner opens the first lesson of the first section, which records it as read. */
    private static void readFirstLesson(TelegramUser learner) {
        int sent = learner.sent().size();
        learner.send("/general_info");
        BotMessage section = learner.awaitSent(sent + 1, WAIT).getLast();
        learner.press(section, section.buttonTexts().getFirst());
        learner.awaitMessage(
                m -> m.messageId() == section.messageId() && m.editCount() > section.editCount(), WAIT, "the lesson");
    }
}
