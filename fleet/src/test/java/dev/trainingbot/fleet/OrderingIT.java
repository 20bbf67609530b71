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

    /** Users enough to mix many chats in each partition; their 20 replies each take Telegram's 30 a second. */
    private static final int USERS = 60;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .workers(2)
                .partitions(4)
                .routes(TestRoutes.echo())
                .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void sixtyUsersSendingTwentyMessagesEachSeeEveryAnswerOnceInTheirOrder() {
        List<TelegramUser> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(fleet.telegram.newUser("User" + i, "en"));
        }
        for (int message = 1; message <= 20; message++) {
            for (TelegramUser user : users) {
                user.send("/echo " + message);
            }
            // Each user writes a message a second, as the throttle lets them, on the throttle's clock; the workers
            // still find all twenty queued at once.
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.telegram.pendingUpdateCount() == 0);
            fleet.clock.skip(Duration.ofSeconds(1));
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
        // Every answer was taken once; a send Telegram refused with a 429 (the bot's 30/s is its exact limit) and the
        // gateway sent again after retry_after is not a second answer.
        assertThat(fleet.telegram.requestLog().stream()
                        .filter(call -> call.method().equals("sendMessage") && call.status() == 200)
                        .count())
                .isEqualTo(USERS * 20L);
        assertThat(fleet.fleet.workers()).hasSize(2);
    }
}
