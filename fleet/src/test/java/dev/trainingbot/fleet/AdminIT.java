package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.kafka.RecordHeaders;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import dev.trainingbot.worker.fsm.ConversationStore;
import dev.trainingbot.worker.guard.UpdateGuard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin panel through the fleet, with a password hash made by the worker jar's own
 * {@code generate-admin-hash} command.
 */
class AdminIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "correct horse battery staple";
    private static FleetUnderTest fleet;
    private static FleetQueries db;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> fsm;
    private static StatefulRedisConnection<String, String> throttle;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .set("ADMIN_PASS_HASH", generateAdminHash(PASSWORD))
                .start();
        db = new FleetQueries(fleet.database);
        redisClient = RedisClient.create();
        fsm = fleet.redis.connect(redisClient, fleet.redis.fsmDb());
        throttle = fleet.redis.connect(redisClient, fleet.redis.throttleDb());
    }

    @AfterAll
    static void stop() {
        fsm.close();
        throttle.close();
        redisClient.shutdown();
        fleet.close();
    }

    @Test
    void theRightPasswordOpensTheMenuAndItsMessageIsDeletedAtOnce() {
        TelegramUser admin = fleet.telegram.newUser("Root", "en");

        BotMessage menu = logIn(admin, PASSWORD);

        assertThat(menu.text()).contains("Admin panel");
        assertThat(menu.buttonTexts())
                .containsExactly(
                        "📊 Statistics",
                        "📤 Export users (CSV)",
                        "⛔ Bans",
                        "📣 Broadcast",
                        "👤 Find a learner",
                        "🎟 Invitations",
                        "🚪 Log out");
        assertThat(admin.transcript())
                .filteredOn(TranscriptEvent.Deleted.class::isInstance)
                .singleElement()
                .satisfies(deleted -> assertThat(((TranscriptEvent.Deleted) deleted).userMessage())
                        .isTrue());
        assertThat(admin.transcript().stream()
                        .filter(e -> e instanceof TranscriptEvent.Sent)
                        .map(Object::toString))
                .noneMatch(text -> text.contains(PASSWORD));
    }

    @Test
    void wrongPasswordsAreRefusedAndTheSixthAttemptIsLockedAndEveryAttemptIsAudited() {
        TelegramUser guesser = fleet.telegram.newUser("Guesser", "en");
        for (int attempt = 1; attempt <= 5; attempt++) {
            BotMessage answer = logIn(guesser, "guess number " + attempt);
            assertThat(answer.text()).contains(attempt < 5 ? "Wrong password" : "locked for 15 minutes");
        }

        guesser.send("/admin");
        BotMessage sixth = guesser.awaitSent(11, WAIT).getLast();

        assertThat(sixth.text()).contains("The admin login is locked for 15 minutes");
        await().atMost(WAIT)
                .until(() -> db.strings(
                                        "SELECT details->>'admin' FROM audit_log WHERE user_id = ? AND details->>'admin' IS NOT NULL ORDER BY ts",
                                        guesser.id())
                                .size()
                        == 11);
        assertThat(db.strings(
                        "SELECT details->>'admin' FROM audit_log WHERE user_id = ? AND details->>'admin' IS NOT NULL"
                                + " ORDER BY ts",
                        guesser.id()))
                .containsExactly(
                        "login_requested",
                        "login_refused",
                        "login_requested",
                        "login_refused",
                        "login_requested",
                        "login_refused",
                        "login_requested",
                        "login_refused",
                        "login_requested",
                        "login_locked",
                        "locked");
    }

    @Test
    void aWrongPasswordWhoseRefusalFailedDuringABrownoutIsCountedOnce() {
        TelegramUser typist = fleet.telegram.newUser("Typist", "en");
        typist.send("/admin");
        typist.awaitSent(1, WAIT);
        // Every attempt of the gateway at the refusal fails: the update is handled again, with the same password.
        fleet.telegram.failNext("sendMessage", 5, 502);
        try {
            typist.send("a typo");

            assertThat(typist.awaitSent(2, WAIT).getLast().text()).contains("(4 attempts left");
        } finally {
            fleet.telegram.clearFaults();
        }
    }

    @Test
    void thePasswordPromptExpiresSoonAndATextAfterItIsNeitherDeletedNorCounted() {
        TelegramUser slow = fleet.telegram.newUser("Slow", "en");
        slow.send("/admin");
        slow.awaitSent(1, WAIT);
        String conversation = ConversationStore.key(slow.chatId(), slow.id());
        await().atMost(WAIT).until(() -> fsm.sync().ttl(conversation), ttl -> ttl > 0);
        assertThat(fsm.sync().ttl(conversation)).isBetween(1L, 120L);
        // What Redis does once ADMIN_PASSWORD_TIMEOUT_SECONDS are over.
        fsm.sync().del(conversation);

        slow.send("hello again, days later");

        assertThat(slow.awaitSent(2, WAIT).getLast().text()).contains("Use the buttons");
        assertThat(slow.transcript()).noneMatch(TranscriptEvent.Deleted.class::isInstance);
        assertThat(throttle.sync().exists("admin:failures:" + slow.id())).isZero();
    }

    @Test
    void aPasswordWhoseUpdateFailsBeforeItsConversationIsReadReachesTheDeadLetterTopicWithoutIt() {
        TelegramUser admin = fleet.telegram.newUser("Early failure", "en");
        admin.send("/admin");
        admin.awaitSent(1, WAIT);
        // A throttle bucket the guard cannot read: the update fails in the guard, before the conversation is loaded.
        throttle.sync().set(UpdateGuard.throttleKey(admin.id()), "not a bucket");
        try {
            long typed = admin.send("typed before the guard failed");

            ConsumerRecord<byte[], byte[]> dead = fleet.deadLetterOf(admin, WAIT);

            assertThat(new String(dead.value(), StandardCharsets.UTF_8))
                    .contains("\"update_id\":" + typed)
                    .contains("\"text\":\"[redacted]\"")
                    .doesNotContain("before the guard failed");
        } finally {
            throttle.sync().del(UpdateGuard.throttleKey(admin.id()));
        }
    }

    @Test
    void aPasswordLongerThan72BytesIsRefused() {
        TelegramUser admin = fleet.telegram.newUser("Verbose", "en");

        BotMessage answer = logIn(admin, PASSWORD + "x".repeat(73 - PASSWORD.length()));

        assertThat(answer.text()).contains("longer than 72 bytes");
    }

    @Test
    void aPasswordThatLooksLikeACommandIsCheckedAndDeleted() {
        TelegramUser admin = fleet.telegram.newUser("Slasher", "en");

        BotMessage answer = logIn(admin, "/not-the-password");

        assertThat(answer.text()).contains("Wrong password");
        assertThat(admin.transcript())
                .filteredOn(TranscriptEvent.Deleted.class::isInstance)
                .hasSize(1);
    }

    @Test
    void aPasswordWhoseUpdateIsDeadLetteredReachesTheDeadLetterTopicWithoutIt() {
        TelegramUser admin = fleet.telegram.newUser("Unanswered", "en");
        admin.send("/admin");
        admin.awaitSent(1, WAIT);
        // Telegram refuses every answer to the password, as many times as the worker tries: it gives the update up.
        fleet.telegram.failNext("sendMessage", 5, 400);
        try {
            long typed = admin.send("a password typed by mistake");

            ConsumerRecord<byte[], byte[]> dead = fleet.deadLetterOf(admin, WAIT);

            assertThat(new String(dead.value(), StandardCharsets.UTF_8))
                    .contains("\"update_id\":" + typed)
                    .contains("\"text\":\"[redacted]\"")
                    .doesNotContain("typed by mistake");
            assertThat(RecordHeaders.readText(dead.headers(), RecordHeaders.REDACTED))
                    .hasValue("message.text");
        } finally {
            fleet.telegram.clearFaults();
        }
    }

    @Test
    void aPasswordMessageTelegramRefusesToDeleteStillLogsInAndIsAudited() {
        TelegramUser admin = fleet.telegram.newUser("Undeletable", "en");
        // As many refusals as the worker has attempts: a failed delete must not fail the update.
        fleet.telegram.failNext("deleteMessage", 5, 400);
        try {
            BotMessage menu = logIn(admin, PASSWORD);

            assertThat(menu.text()).contains("Admin panel");
        } finally {
            fleet.telegram.clearFaults();
        }
        await().atMost(WAIT)
                .until(
                        () -> db.strings(
                                "SELECT details->>'password_deleted' FROM audit_log WHERE user_id = ?"
                                        + " AND details->>'admin' = 'login_accepted'",
                                admin.id()),
                        values -> values.equals(List.of("false")));
        assertThat(db.count(
                        "SELECT count(*) FROM audit_log WHERE user_id = ? AND type = 'update.dead_lettered'",
                        admin.id()))
                .isZero();
    }

    @Test
    void adminIsRefusedInAGroupChatAndNoPasswordIsAwaitedThere() {
        TelegramUser member = fleet.telegram.newUser("Member", "en");
        TelegramUser inGroup = member.inGroup(fleet.telegram.newGroup("Team chat"));

        inGroup.send("/admin");

        assertThat(inGroup.awaitSent(1, WAIT).getLast().text()).contains("only in a private chat");
        inGroup.send("hello");
        assertThat(inGroup.awaitSent(2, WAIT).getLast().text()).contains("Use the buttons");
        assertThat(inGroup.transcript()).noneMatch(TranscriptEvent.Deleted.class::isInstance);
    }

    @Test
    void aBroadcastTelegramWouldRefuseIsExplainedInTheAdminsLanguage() {
        TelegramUser admin = fleet.telegram.newUser("Корень", "ru");
        BotMessage menu = logIn(admin, PASSWORD);
        admin.press(menu, "📣 Рассылка");
        admin.awaitMessage(m -> m.text().contains("Отправьте сообщение для рассылки"), WAIT, "the prompt");

        admin.send("<blink>Важно</blink>");

        BotMessage refusal = admin.awaitMessage(m -> m.text().contains("Telegram не примет"), WAIT, "the refusal");
        assertThat(refusal.text()).contains("тег &lt;blink&gt; не поддерживается");
    }

    @Test
    void anAdminSeesStatisticsAndGetsTheUsersAsCsvAndLogsOut() {
        TelegramUser admin = fleet.telegram.newUser("Stats", "en");
        BotMessage menu = logIn(admin, PASSWORD);

        admin.press(menu, "📊 Statistics");
        BotMessage statistics = admin.awaitMessage(m -> m.text().contains("Statistics"), WAIT, "statistics");
        assertThat(statistics.text()).containsPattern("Users: \\d+").contains("General info");
        admin.press(statistics, "◀ Back");
        menu = admin.awaitMessage(m -> m.text().contains("Admin panel"), WAIT, "the admin menu again");
        admin.press(menu, "📤 Export users (CSV)");
        BotMessage export = admin.awaitMessage(m -> m.document().isPresent(), WAIT, "the CSV export");
        assertThat(export.document().orElseThrow().fileName()).matches("users-progress-\\d{4}-\\d{2}-\\d{2}\\.csv");
        assertThat(export.document().orElseThrow().contentAsText())
                .startsWith("user_id,chat_id,")
                .contains("," + admin.id() + ",")
                .contains(",Stats,");

        admin.send("/logout");
        admin.awaitMessage(m -> m.text().contains("logged out"), WAIT, "the logout");
        int answered = admin.callbackAnswers().size();
        admin.press(menu, "📊 Statistics");
        assertThat(admin.awaitCallbackAnswers(answered + 1, WAIT).getLast().text())
                .contains("session has ended");
    }

    /** Sends /admin, then the password; returns what the bot answered to the password. */
    static BotMessage logIn(TelegramUser user, String password) {
        int sent = user.sent().size();
        user.send("/admin");
        user.awaitSent(sent + 1, WAIT);
        user.send(password);
        return user.awaitSent(sent + 2, WAIT).getLast();
    }

    /** Runs {@code java -jar worker.jar generate-admin-hash} with the password on stdin; returns the hash. */
    static String generateAdminHash(String password) throws IOException, InterruptedException {
        Path jar = Path.of("../worker/target/worker.jar");
        assertThat(jar)
                .as("the worker jar, built by the package phase before these tests")
                .exists();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "generate-admin-hash")
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> hashes = output.lines()
                .filter(line -> line.startsWith("ADMIN_PASS_HASH="))
                .toList();
        assertThat(hashes).as(output).hasSize(1);
        return hashes.getFirst().substring("ADMIN_PASS_HASH=".length());
    }
}
