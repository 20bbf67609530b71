package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The throttle as a user meets it: five at once, a notice once per window, a ban told once, then service again. */
class ThrottleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    // Long enough that the updates of one burst are all decided within one window, even on a busy machine.
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .set("THROTTLE_BURST", "5")
                // Practically no refill while a test runs: what a user gets depends only on the bursts.
                .set("THROTTLE_RATE", "0.001")
                .set("THROTTLE_WINDOW_SECONDS", Long.toString(WINDOW.toSeconds()))
                .set("THROTTLE_MAX_VIOLATIONS", "3")
                .set("THROTTLE_BAN_SECONDS", "10")
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
        quietFor(Duration.ofSeconds(1));
        assertThat(texts(user))
                .containsExactly(
                        "echo 1",
                        "echo 2",
                        "echo 3",
                        "echo 4",
                        "echo 5",
                        "⏳ Too many requests. Please slow down a little.");
    }

    @Test
    void repeatedBurstsLeadToABanToldOnceAndServiceResumesAfterIt() {
        TelegramUser user = fleet.telegram.newUser("Flooder", "ru");
        burst(user, 6);
        user.awaitSent(6, WAIT);
        quietFor(WINDOW.plusMillis(300));
        burst(user, 2);
        user.awaitSent(7, WAIT);
        quietFor(WINDOW.plusMillis(300));

        burst(user, 3);
        user.awaitSent(8, WAIT);
        burst(user, 3);
        quietFor(Duration.ofSeconds(1));

        List<String> texts = texts(user);
        assertThat(texts.subList(5, texts.size()))
                .containsExactly(
                        "⏳ Слишком много запросов. Пожалуйста, помедленнее.",
                        "⏳ Слишком много запросов. Пожалуйста, помедленнее.",
                        "⛔ Вы временно заблокированы за слишком частые запросы. Попробуйте через 1 мин.");

        // The ban lasts ten seconds; afterwards the user is served again, with a full bucket.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            user.send("/echo back");
            return texts(user).contains("echo back");
        });
    }

    @Test
    void anUpdateRetriedAfterFailedAnswersTakesOneTokenNotOnePerAttempt() {
        TelegramUser user = fleet.telegram.newUser("Unlucky", "en");
        fleet.telegram.failNext("sendMessage", 5, 502);

        burst(user, 1);
        user.awaitSent(1, WAIT);
        burst(user, 4);
        user.awaitSent(5, WAIT);
        quietFor(Duration.ofSeconds(1));

        // Six attempts at the first update, one token: the user's own message is answered, and four more fit.
        assertThat(texts(user)).containsExactly("echo 1", "echo 2", "echo 3", "echo 4", "echo 5");
    }

    @Test
    void aTooManyRequestsNoticeThatFailsIsSentOnTheRetryAndAudited() {
        TelegramUser user = fleet.telegram.newUser("Impatient", "en");
        burst(user, 5);
        user.awaitSent(5, WAIT);
        fleet.telegram.failNext("sendMessage", 2, 502);

        long refused = user.send("/echo 6");

        user.awaitSent(6, WAIT);
        assertThat(texts(user).getLast()).isEqualTo("⏳ Too many requests. Please slow down a little.");
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

    private static void burst(TelegramUser user, int count) {
        int sent = (int) user.transcript().stream()
                .filter(dev.trainingbot.testkit.telegram.TranscriptEvent.UserSent.class::isInstance)
                .count();
        for (int i = 1; i <= count; i++) {
            user.send("/echo " + (sent + i));
        }
    }

    private static List<String> texts(TelegramUser user) {
        return user.sent().stream().map(BotMessage::text).toList();
    }

    /** Lets time pass (a violation window, or time for an unwanted extra answer to show up). */
    private static void quietFor(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }
}
