package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import dev.trainingbot.testkit.time.ManualClock;
import dev.trainingbot.worker.Worker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reminders as learners get them, on two workers with the production defaults (rules of the course file, a scan every
 * 300 s, quiet hours 21:00-09:00 UTC) and a clock the test moves days forward: a learner who stopped halfway is
 * reminded once — across both workers, a kill of every worker while the reminder was being sent, and the scans after —
 * while muted and blocked learners get nothing, a reminder due at night waits for the morning, and the mute button
 * works where forged ones are refused politely.
 */
class ReminderIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SCAN_INTERVAL = Duration.ofSeconds(300);
    private static final String MUTE = "🔕 Mute reminders";
    private static final String UNMUTE = "🔔 Turn reminders back on";

    private static ManualClock clock;
    private static FleetUnderTest fleet;
    private static FleetQueries db;

    @BeforeAll
    static void start() throws Exception {
        // Noon UTC today: the learners act in the daytime, outside the default quiet hours.
        clock = new ManualClock(LocalDate.now(ZoneOffset.UTC).atTime(12, 0).toInstant(ZoneOffset.UTC));
        fleet = FleetUnderTest.builder().workers(2).workerClock(clock).start();
        db = new FleetQueries(fleet.database);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void anInactiveLearnerIsRemindedOnceAcrossTwoWorkersAndAKillOfEveryWorkerMidSend() throws Exception {
        TelegramUser ann = fleet.telegram.newUser("Ann", "en");
        readFirstSecurityLesson(ann);
        // Telegram fails every message for now: the reminder is decided, put on the outbox and being sent when every
        // worker dies.
        fleet.telegram.failNext("sendMessage", 100_000, 502);

        scanAt(nextDaytime(clock.instant().plus(Duration.ofDays(2)).plus(Duration.ofHours(1))));
        await().atMost(WAIT)
                .until(() -> fleet.telegram.requestLog().stream()
                        .anyMatch(call -> call.method().equals("sendMessage")
                                && call.chatId() == ann.chatId()
                                && call.status() == 502));
        assertThat(db.count("SELECT count(*) FROM reminders WHERE user_id = ? AND sent_at IS NULL", ann.id()))
                .isEqualTo(1);
        for (Worker worker : fleet.fleet.workers()) {
            fleet.fleet.haltWorker(worker);
        }
        fleet.telegram.clearFaults();
        fleet.fleet.addWorker();
        fleet.fleet.addWorker();

        BotMessage reminder = ann.awaitMessage(
                m -> m.text().contains("left in"), Duration.ofMinutes(2), "the reminder after the restart");
        assertThat(reminder.text()).contains("You have 2 lessons left in <b>Information security</b>");
        assertThat(reminder.buttonTexts()).contains("▶ Continue", MUTE);
        // Scans after it, on the new workers, find the reminder sent.
        scanAt(clock.instant().plus(SCAN_INTERVAL));
        await().atMost(WAIT)
                .until(() -> db.count(
                                "SELECT count(*) FROM audit_log WHERE type = 'reminder.sent' AND user_id = ?", ann.id())
                        >= 1);
        assertThat(reminders(ann)).hasSize(1);
        assertThat(db.strings("SELECT rule || '/' || outcome FROM reminders WHERE user_id = ?", ann.id()))
                .containsExactly("inactive_2d/delivered");
        assertThat(db.strings("SELECT outcome FROM audit_log WHERE type = 'reminder.sent' AND user_id = ?", ann.id()))
                .containsExactly("succeeded");
    }

    @Test
    void mutedAndBlockedLearnersGetNoFurtherReminderAndTheMuteButtonSwapsForUnmute() throws Exception {
        TelegramUser bob = fleet.telegram.newUser("Bob", "en");
        TelegramUser carol = fleet.telegram.newUser("Carol", "en");
        readFirstSecurityLesson(bob);
        readFirstSecurityLesson(carol);
        carol.blockBotUnnoticed();
        int carolMessages = carol.sent().size();
        long triedOnCarol = sendsTo(carol);

        scanAt(nextDaytime(clock.instant().plus(Duration.ofDays(2)).plus(Duration.ofHours(1))));
        BotMessage reminder = bob.awaitMessage(m -> m.text().contains("left in"), WAIT, "Bob's first reminder");
        await().atMost(WAIT)
                .until(() -> db.count("SELECT count(*) FROM users WHERE id = ? AND blocked_at IS NOT NULL", carol.id())
                        == 1);
        assertThat(carol.sent()).hasSize(carolMessages);

        String answer = press(bob, reminder, MUTE);
        assertThat(answer).contains("Reminders are off");
        await().atMost(WAIT).until(() -> bob.lastMessage().buttonTexts().contains(UNMUTE));

        scanAt(nextDaytime(clock.instant().plus(Duration.ofDays(6))));
        assertThat(reminders(bob)).as("Bob muted reminders").hasSize(1);
        assertThat(db.strings("SELECT rule FROM reminders WHERE user_id = ?", bob.id()))
                .containsExactly("inactive_2d");
        assertThat(carol.sent()).hasSize(carolMessages);
        assertThat(sendsTo(carol) - triedOnCarol)
                .as("messages tried on Carol, who blocked the bot: the first reminder")
                .isEqualTo(1);

        answer = press(bob, bob.lastMessage(), UNMUTE);
        assertThat(answer).contains("Reminders are back on");
        assertThat(db.count("SELECT count(*) FROM reminder_settings WHERE user_id = ? AND muted_at IS NULL", bob.id()))
                .isEqualTo(1);
    }

    @Test
    void aReminderDueInTheQuietHoursGoesOutWhenTheyEnd() throws Exception {
        TelegramUser dan = fleet.telegram.newUser("Dan", "en");
        readFirstSecurityLesson(dan);

        Instant night = next(LocalTime.of(23, 0), clock.instant().plus(Duration.ofDays(2)));
        scanAt(night);
        assertThat(db.count("SELECT count(*) FROM reminders WHERE user_id = ?", dan.id()))
                .as("reminders decided at 23:00")
                .isZero();
        assertThat(reminders(dan)).isEmpty();

        scanAt(next(LocalTime.of(9, 30), clock.instant()));
        BotMessage reminder = dan.awaitMessage(m -> m.text().contains("left in"), WAIT, "the morning reminder");
        assertThat(reminder.text()).contains("2 lessons left");
    }

    @Test
    void aStaleOrForgedMuteButtonIsAnsweredPolitelyAndChangesNothing() throws Exception {
        TelegramUser eve = fleet.telegram.newUser("Eve", "en");
        TelegramUser frank = fleet.telegram.newUser("Frank", "en");
        readFirstSecurityLesson(eve);
        readFirstSecurityLesson(frank);
        scanAt(nextDaytime(clock.instant().plus(Duration.ofDays(2)).plus(Duration.ofHours(1))));
        BotMessage reminder = eve.awaitMessage(m -> m.text().contains("left in"), WAIT, "Eve's reminder");
        frank.awaitMessage(m -> m.text().contains("left in"), WAIT, "Frank's reminder");
        long franks = db.count("SELECT max(id) FROM reminders WHERE user_id = ?", frank.id());

        for (String data : List.of("1:rmute:" + franks, "1:rmute:999999999", "1:rmute:x", "1:runmute")) {
            int answers = eve.callbackAnswers().size();
            eve.pressCallbackData(reminder.messageId(), data);
            List<TranscriptEvent.CallbackAnswered> answered = eve.awaitCallbackAnswers(answers + 1, WAIT);
            assertThat(answered.getLast().text()).as(data).contains("no longer valid");
        }
        assertThat(db.count("SELECT count(*) FROM reminder_settings WHERE user_id IN (?, ?)", eve.id(), frank.id()))
                .isZero();
        assertThat(eve.lastMessage().buttonTexts()).contains(MUTE);
        assertThat(fleet.deadLetters()).isEmpty();
    }

    @Test
    void aReminderWrittenByAScanThatDiedBeforeItsOutboxRecordIsSentByTheNextScan() throws Exception {
        TelegramUser gus = fleet.telegram.newUser("Gus", "en");
        readFirstSecurityLesson(gus);
        // What a scan killed between the row and its outbox record leaves: the row, never queued.
        try (Connection connection = fleet.database.connect();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO reminders (user_id, rule, occurrence, chat_id, text, section_id, language, created_at)
                        VALUES (?, 'inactive_2d', 'left by a killed scan', ?, 'A reminder left behind', 'security', 'en',
                                now())
                        """)) {
            insert.setLong(1, gus.id());
            insert.setLong(2, gus.chatId());
            insert.executeUpdate();
        }

        scanAt(clock.instant().plus(SCAN_INTERVAL));
        gus.awaitMessage(m -> m.text().contains("A reminder left behind"), WAIT, "the reminder left behind");
        scanAt(clock.instant().plus(SCAN_INTERVAL));
        await().atMost(WAIT)
                .until(() -> db.count(
                                "SELECT count(*) FROM audit_log WHERE type = 'reminder.sent' AND user_id = ?", gus.id())
                        == 1);
        assertThat(reminders(gus)).hasSize(1);
    }

    /** Opens the Security section with its command and reads its first lesson of three. */
    @Test
    void membersOfACohortWhoseDeadlineNearsAreRemindedOnceUnlessTheyFinished() throws Exception {
        TelegramUser late = fleet.telegram.newUser("Late", "en");
        TelegramUser done = fleet.telegram.newUser("Done", "en");
        for (TelegramUser member : List.of(late, done)) {
            member.send("/start");
            member.awaitSent(1, WAIT);
        }
        // The deadline ends in two days and a bit: inside the sample's "3 days before" rule from now on.
        LocalDate deadline = LocalDate.ofInstant(clock.instant().plus(Duration.ofDays(2)), ZoneOffset.UTC);
        long cohort = db.count(
                "INSERT INTO cohorts (code, name, deadline, created_by) VALUES ('deadline-cohort', 'Autumn', ?, 1)"
                        + " RETURNING id",
                deadline);
        for (TelegramUser member : List.of(late, done)) {
            db.count(
                    "WITH m AS (INSERT INTO cohort_members (user_id, cohort_id, update_id) VALUES (?, ?, ?)"
                            + " RETURNING 1) SELECT count(*) FROM m",
                    member.id(),
                    cohort,
                    member.id());
        }
        db.count(
                "WITH c AS (INSERT INTO certificates (code, user_id, holder_name, course_title, issued_at)"
                        + " VALUES ('0000000000000DNE', ?, 'Done', 'Onboarding', now()) RETURNING 1)"
                        + " SELECT count(*) FROM c",
                done.id());

        scanAt(nextDaytime(clock.instant().plus(Duration.ofMinutes(10))));
        BotMessage reminder =
                late.awaitMessage(m -> m.text().contains("deadline is in 3 days"), WAIT, "the deadline reminder");
        scanAt(nextDaytime(clock.instant().plus(SCAN_INTERVAL)));

        assertThat(reminder.text()).contains("left in <b>General info</b>");
        assertThat(reminders(late)).hasSize(1);
        assertThat(reminders(done)).isEmpty();
        assertThat(db.strings("SELECT rule FROM reminders WHERE user_id = ?", late.id()))
                .containsExactly("deadline_3d");
    }

    private static void readFirstSecurityLesson(TelegramUser user) {
        user.send("/security");
        BotMessage section = user.awaitMessage(m -> m.text().contains("Lessons read"), WAIT, "the section");
        press(user, section, "Two-factor authentication");
        await().atMost(WAIT)
                .until(() -> db.count("SELECT count(*) FROM lesson_completions WHERE user_id = ?", user.id()) == 1);
    }

    /** Presses {@code button} and returns the text of the callback's answer. */
    private static String press(TelegramUser user, BotMessage message, String button) {
        int answered = user.callbackAnswers().size();
        user.press(message, button);
        return user.awaitCallbackAnswers(answered + 1, WAIT).getLast().text();
    }

    /**
     * Moves the clock to {@code at}, waits for a scan there, then moves it one scan interval on and waits for the scan
     * that falls due then: that one surely ran at the clock's instant, since the clock stood still at {@code at} until
     * it was due. A scan of a reminder's rule has decided it when this returns.
     */
    private static void scanAt(Instant at) {
        clock.moveTo(at);
        awaitScanCompletedAt(at);
        Instant next = clock.advance(SCAN_INTERVAL.plusSeconds(1));
        awaitScanCompletedAt(next);
    }

    private static void awaitScanCompletedAt(Instant at) {
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Instant last = lastScan();
                    return last != null && !last.isBefore(at);
                });
    }

    private static Instant lastScan() throws SQLException {
        try (Connection connection = fleet.database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT last_success FROM scheduled_tasks WHERE task_name = 'reminder-scan'");
                ResultSet rows = query.executeQuery()) {
            return rows.next() && rows.getTimestamp(1) != null
                    ? rows.getTimestamp(1).toInstant()
                    : null;
        }
    }

    /** The first instant at {@code time} UTC at or after {@code from}. */
    private static Instant next(LocalTime time, Instant from) {
        Instant candidate =
                LocalDate.ofInstant(from, ZoneOffset.UTC).atTime(time).toInstant(ZoneOffset.UTC);
        return candidate.isBefore(from) ? candidate.plus(Duration.ofDays(1)) : candidate;
    }

    /** {@code from}, or the morning after it when it falls in the default quiet hours. */
    private static Instant nextDaytime(Instant from) {
        LocalTime local = LocalTime.ofInstant(from, ZoneOffset.UTC);
        return local.isBefore(LocalTime.of(9, 0)) || !local.isBefore(LocalTime.of(21, 0))
                ? next(LocalTime.of(10, 0), from)
                : from;
    }

    /** The reminders among the messages {@code user} got: those with the mute button, or its opposite. */
    private static List<BotMessage> reminders(TelegramUser user) {
        return user.sent().stream()
                .filter(m -> m.buttonTexts().contains(MUTE) || m.buttonTexts().contains(UNMUTE))
                .toList();
    }

    private static long sendsTo(TelegramUser user) {
        return fleet.telegram.requestLog().stream()
                .filter(call -> call.method().equals("sendMessage") && call.chatId() == user.chatId())
                .count();
    }
}
