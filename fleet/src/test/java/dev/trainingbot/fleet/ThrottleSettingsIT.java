package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The throttle's settings take effect: a fleet configured with a bucket of two, a ban at the first violation, a first
 * ban of five seconds and a ladder of {@code 3} (a second ban three times as long). The limits are not the defaults
 * because they are what this test is about.
 */
class ThrottleSettingsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .set("THROTTLE_BURST", "2")
                .set("THROTTLE_MAX_VIOLATIONS", "1")
                .set("THROTTLE_BAN_SECONDS", "5")
                .set("THROTTLE_BAN_LADDER", "3")
                .routes(TestRoutes.echo())
                .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aSmallBucketBansAtTheFirstViolationAndTheSecondBanIsThreeTimesAsLong() {
        TelegramUser user = fleet.telegram.newUser("Configured", "en");

        send(user, "a", "b", "c", "d");
        user.awaitSent(3, WAIT);
        assertThat(texts(user))
                .containsExactly(
                        "echo a",
                        "echo b",
                        "⛔ You are temporarily blocked for sending too many requests. Try again in 5 seconds.");

        fleet.clock.skip(Duration.ofSeconds(6));
        send(user, "e", "f", "g");
        user.awaitSent(6, WAIT);
        assertThat(texts(user).subList(3, 6))
                .containsExactly(
                        "echo e",
                        "echo f",
                        "⛔ You are temporarily blocked for sending too many requests. Try again in 15 seconds.");

        fleet.clock.skip(Duration.ofSeconds(6));
        send(user, "still banned");
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertThat(texts(user)).hasSize(6);
        fleet.clock.skip(Duration.ofSeconds(10));
        send(user, "served");
        user.awaitSent(7, WAIT);
        assertThat(texts(user).getLast()).isEqualTo("echo served");
    }

    private static void send(TelegramUser user, String... texts) {
        for (String text : texts) {
            user.send("/echo " + text);
        }
    }

    private static List<String> texts(TelegramUser user) {
        return user.sent().stream().map(BotMessage::text).toList();
    }
}
