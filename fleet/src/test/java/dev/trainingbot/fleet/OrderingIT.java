package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two workers, four partitions, many chats at once: each chat is answered in order, exactly once. */
class OrderingIT {

    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .workers(2)
                .partitions(4)
                .set("THROTTLE_BURST", "1000")
                .set("THROTTLE_RATE", "1000")
                .routes(TestRoutes.echo())
                .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void twoHundredUsersSendingTwentyMessagesEachSeeEveryAnswerOnceInTheirOrder() {
        List<TelegramUser> users = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            users.add(fleet.telegram.newUser("User" + i, "en"));
        }
        for (int message = 1; message <= 20; message++) {
            for (TelegramUser user : users) {
                user.send("/echo " + message);
            }
        }

        List<String> expected =
                IntStream.rangeClosed(1, 20).mapToObj(i -> "echo " + i).toList();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> users.stream().allMatch(user -> user.sent().size() >= 20));
        for (TelegramUser user : users) {
            assertThat(user.sent())
                    .extracting(BotMessage::text)
                    .as(user.toString())
                    .isEqualTo(expected);
        }
        assertThat(fleet.telegram.calls("sendMessage")).isEqualTo(4_000);
        assertThat(fleet.fleet.workers()).hasSize(2);
    }
}
