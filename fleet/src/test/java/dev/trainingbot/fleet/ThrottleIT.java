package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.TranscriptEvent;
import dev.trainingbot.worker.Worker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The throttle as a user meets it, with the production defaults of {@code THROTTLE_*} and {@code TELEGRAM_CHAT_*}, and
 * the emulator enforcing Telegram's own per-chat limit (1 message a second, 429 beyond): the bot's replies to one chat
 * are paced at a second each, and still a burst is judged as it was sent. Time the tests skip (a violation window, a
 * ban) is skipped on the clock the throttle counts on — the ingress's arrivals and the emulator's message dates — not
 * waited for.
 */
class ThrottleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOO_MANY = "⏳ Too many requests. Please slow down a little.";
    private static final String TOO_MANY_RU = "⏳ Слишком много запросов. Пожалуйста, помедленнее.";
    /** Past the default violation window (10 s): the next refusal is a new violation, and the bucket is full. */
    private static final Duration NEXT_WINDOW = Duration.ofSeconds(11);

    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                // A failed answer fails its attempt at once: the retries are the consumer's, through the guard again.
                .set("TELEGRAM_RETRY_ATTEMPTS", "1")
                .routes(TestRoutes.echo())
                .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @AfterEach
    void noFaultLeftForTheNextTest() {
        fleet.telegram.clearFaults();
    }

    @Test
    void tenMessagesAtOnceGetFiveAnswersThenOneTooManyRequests() {
        TelegramUser user = fleet.telegram.newUser("Hasty", "en");

        burst(user, 10);

        user.awaitSent(6, WAIT);
        // Long enough for a seventh reply, paced at a second, to show up if there were one.
        quietFor(Duration.ofSeconds(3));
        assertThat(texts(user)).containsExactly("echo 1", "echo 2", "echo 3", "echo 4", "echo 5", TOO_MANY);
        assertThat(fleet.telegram.floodRefusals()).isZero();
    }

    @Test
    void repeatedBurstsBanForAMinuteToldOnceNothingAnsweredThenServiceResumesAndTheSecondBanIsLonger() {
        TelegramUser user = fleet.telegram.newUser("Flooder", "ru");
        violate(user);
        fleet.clock.skip(NEXT_WINDOW);
        violate(user);
        fleet.clock.skip(NEXT_WINDOW);
        violate(user);
        int told = texts(user).size();
        assertThat(texts(user).subList(told - 13, told))
                .containsSubsequence(TOO_MANY_RU, TOO_MANY_RU)
                .endsWith("⛔ Вы временно заблокированы за слишком частые запросы. Попробуйте через 1 мин.");

        burst(user, 3);
        fleet.clock.skip(Duration.ofSeconds(30));
        burst(user, 2);
        quietFor(Duration.ofSeconds(3));
        assertThat(texts(user)).as("nothing answered during the ban").hasSize(told);

        fleet.clock.skip(Duration.ofSeconds(31));
        user.send("/echo back");
        user.awaitSent(told + 1, WAIT);
        assertThat(texts(user).getLast()).isEqualTo("echo back");

        // Banned again within a day of the first ban: the next step of the ladder.
        fleet.clock.skip(NEXT_WINDOW);
        violate(user);
        fleet.clock.skip(NEXT_WINDOW);
        violate(user);
        fleet.clock.skip(NEXT_WINDOW);
        violate(user);
        int toldAgain = texts(user).size();
        assertThat(texts(user).getLast())
                .isEqualTo("⛔ Вы временно заблокированы за слишком частые запросы. Попробуйте через 10 мин.");
        fleet.clock.skip(Duration.ofMinutes(2));
        user.send("/echo too soon");
        quietFor(Duration.ofSeconds(3));
        assertThat(texts(user)).hasSize(toldAgain);

        fleet.clock.skip(Duration.ofMinutes(9));
        user.send("/echo later");
        user.awaitSent(toldAgain + 1, WAIT);
        assertThat(texts(user).getLast()).isEqualTo("echo later");
    }

    @Test
    void aBacklogIsJudgedByWhenItWasSentNotWhenTheWorkersGotToIt() throws Exception {
        TelegramUser calm = fleet.telegram.newUser("Calm", "en");
        TelegramUser hasty = fleet.telegram.newUser("Hasty", "en");
        Worker worker = fleet.fleet.workers().getFirst();
        fleet.fleet.stopWorker(worker);
        try {
            // While no worker runs: one user writes a message a second, the other ten at once.
            for (int i = 1; i <= 8; i++) {
                calm.send("/echo " + i);
                // At the ingress before the second passes, as a message a second would be.
                await().atMost(WAIT).until(() -> fleet.telegram.pendingUpdateCount() == 0);
                fleet.clock.skip(Duration.ofSeconds(1));
            }
            burst(hasty, 10);
            await().atMost(WAIT).until(() -> fleet.telegram.pendingUpdateCount() == 0);
        } finally {
            fleet.fleet.addWorker();
        }

        calm.awaitSent(8, Duration.ofSeconds(90));
        hasty.awaitSent(6, Duration.ofSeconds(90));
        quietFor(Duration.ofSeconds(3));
        assertThat(texts(calm)).doesNotContain(TOO_MANY).hasSize(8);
        assertThat(texts(hasty)).containsExactly("echo 1", "echo 2", "echo 3", "echo 4", "echo 5", TOO_MANY);
    }

    @Test
    void anUpdateRetriedAfterFailedAnswersTakesOneTokenNotOnePerAttempt() {
        TelegramUser user = fleet.telegram.newUser("Unlucky", "en");
        fleet.telegram.failNext("sendMessage", 5, 502);

        // Six attempts at the first update, one token: all five of the burst are answered.
        burst(user, 5);

        user.awaitSent(5, WAIT);
        quietFor(Duration.ofSeconds(2));
        assertThat(texts(user)).containsExactly("echo 1", "echo 2", "echo 3", "echo 4", "echo 5");
    }

    @Test
    void aTooManyRequestsNoticeThatFailsIsSentOnTheRetryAndAudited() {
        TelegramUser user = fleet.telegram.newUser("Impatient", "en");
        burst(user, 5);
        long refused = user.send("/echo 6");
        user.awaitSent(5, WAIT);
        // The notice waits a second for its turn under the chat's flood limit: time enough to make it fail.
        fleet.telegram.failNext("sendMessage", 2, 502);

        user.awaitSent(6, WAIT);
        assertThat(texts(user).getLast()).isEqualTo(TOO_MANY);
        FleetQueries db = new FleetQueries(fleet.database);
        await().atMost(WAIT).until(() -> db.auditOf(refused).contains("update.message/throttled"));
    }

    @Test
    void theThrottleStateIsOneHashPerUserInTheThrottleDatabaseAndAlwaysExpires() {
        TelegramUser user = fleet.telegram.newUser("Counted", "en");
        user.send("/echo once");
        user.awaitSent(1, WAIT);

        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> redis = fleet.redis.connect(client, fleet.redis.throttleDb())) {
            String key = "throttle:" + user.id() + ":tokens";
            assertThat(redis.sync().type(key)).isEqualTo("hash");
            assertThat(redis.sync().ttl(key)).isPositive();
        } finally {
            client.shutdown();
        }
    }

    /** Six at once (five answered, then a notice), waiting until the bot said all it will. */
    private static void violate(TelegramUser user) {
        int before = texts(user).size();
        burst(user, 6);
        user.awaitSent(before + 6, WAIT);
    }

    private static void burst(TelegramUser user, int count) {
        int sent = (int) user.transcript().stream()
                .filter(TranscriptEvent.UserSent.class::isInstance)
                .count();
        for (int i = 1; i <= count; i++) {
            user.send("/echo " + (sent + i));
        }
    }

    private static List<String> texts(TelegramUser user) {
        return user.sent().stream().map(BotMessage::text).toList();
    }

    /** Lets time pass (time for an unwanted extra answer to show up). */
    private static void quietFor(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }
}
