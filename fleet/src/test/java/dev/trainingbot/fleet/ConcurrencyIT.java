package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.RequestRecord;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One worker, one partition, Telegram answering after 50 ms: the chats of the partition are served at the same time
 * (a per-partition loop would serve them one after the other), while each chat's calls never overlap.
 */
class ConcurrencyIT {

    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .workers(1)
                .partitions(1)
                .routes(TestRoutes.echo())
                .start();
        fleet.telegram.delay("sendMessage", Duration.ofMillis(50));
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void chatsOfOnePartitionAreHandledConcurrentlyAndEachChatInOrder() {
        List<TelegramUser> users = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            users.add(fleet.telegram.newUser("User" + i, "en"));
        }
        for (int message = 1; message <= 5; message++) {
            for (TelegramUser user : users) {
                user.send("/echo " + message);
            }
        }

        await().atMost(Duration.ofMinutes(1))
                .until(() -> users.stream().allMatch(user -> user.sent().size() >= 5));
        List<String> expected =
                IntStream.rangeClosed(1, 5).mapToObj(i -> "echo " + i).toList();
        for (TelegramUser user : users) {
            assertThat(user.sent()).extracting(BotMessage::text).isEqualTo(expected);
        }
        List<RequestRecord> sends = fleet.telegram.requestLog().stream()
                .filter(r -> r.method().equals("sendMessage"))
                .toList();
        assertThat(maxConcurrency(sends))
                .as("sendMessage calls in flight at once")
                .isGreaterThan(1);
        Map<Long, List<RequestRecord>> byChat = sends.stream().collect(Collectors.groupingBy(RequestRecord::chatId));
        for (List<RequestRecord> chat : byChat.values()) {
            assertThat(maxConcurrency(chat))
                    .as("calls of one chat in flight at once")
                    .isEqualTo(1);
        }
    }

    private static int maxConcurrency(List<RequestRecord> records) {
        int max = 0;
        for (RequestRecord record : records) {
            int overlapping = (int) records.stream().filter(record::overlaps).count();
            max = Math.max(max, overlapping);
        }
        return max;
    }
}
