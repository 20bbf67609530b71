package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.FloodPolicy;
import dev.trainingbot.testkit.telegram.RequestRecord;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three workers answer three hundred chats at once under Telegram's limits, shared through Redis: the emulator,
 * enforcing the same limits, never has to answer 429.
 */
class FloodLimitsIT {

    private static final double BOT_RATE = 30;
    private static final double CHAT_RATE = 1;
    private static final int CHAT_BURST = 3;
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .workers(3)
                .partitions(6)
                // The workers' defaults: 30 a second with a burst of 10, 1 a second per chat with a burst of 3.
                .set("TELEGRAM_GLOBAL_RATE", Double.toString(BOT_RATE))
                .set("TELEGRAM_GLOBAL_BURST", "10")
                .set("TELEGRAM_CHAT_RATE", Double.toString(CHAT_RATE))
                .set("TELEGRAM_CHAT_BURST", Integer.toString(CHAT_BURST))
                .start();
        fleet.telegram.enforce(FloodPolicy.telegram());
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void threeWorkersAnsweringThreeHundredChatsAtOnceStayWithinTheLimitsAndGetNo429() {
        List<TelegramUser> users = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            users.add(fleet.telegram.newUser("User" + i, "en"));
        }
        List<TelegramUser> chatty = users.subList(0, 10);
        users.forEach(user -> user.send("/start"));
        for (int i = 0; i < 5; i++) {
            chatty.forEach(user -> user.send("/help"));
        }

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> users.stream().allMatch(u -> u.sent().size() >= (chatty.contains(u) ? 6 : 1)));

        assertThat(fleet.telegram.floodRefusals()).isZero();
        for (TelegramUser user : users) {
            assertThat(user.sent()).hasSize(chatty.contains(user) ? 6 : 1);
        }
        List<RequestRecord> sends = fleet.telegram.requestLog().stream()
                .filter(r -> r.method().equals("sendMessage"))
                .sorted(java.util.Comparator.comparingLong(RequestRecord::startNanos))
                .toList();
        assertThat(sends).allSatisfy(send -> assertThat(send.status()).isEqualTo(200));
        // What Telegram's limits let through in any second (the emulator's bucket of 30, refilled at 30 a second),
        // and on average the configured rate.
        FloodPolicy telegram = FloodPolicy.telegram();
        assertThat(mostInAnyWindow(sends, Duration.ofSeconds(1)))
                .isLessThanOrEqualTo((int) (telegram.botBurst() + telegram.botPerSecond()));
        double seconds = (sends.getLast().startNanos() - sends.getFirst().startNanos()) / 1e9;
        assertThat((sends.size() - 10) / seconds)
                .as("messages per second on average, measured where they arrive (a few percent of jitter)")
                .isLessThanOrEqualTo(BOT_RATE * 1.05);
        Map<Long, List<RequestRecord>> byChat = sends.stream().collect(Collectors.groupingBy(RequestRecord::chatId));
        for (TelegramUser user : chatty) {
            assertThat(mostInAnyWindow(byChat.get(user.chatId()), Duration.ofSeconds(1)))
                    .as("messages to one chat within a second")
                    .isLessThanOrEqualTo(CHAT_BURST + (int) CHAT_RATE);
        }
    }

    /** The most calls that arrived within any window of {@code width}. */
    private static int mostInAnyWindow(List<RequestRecord> calls, Duration width) {
        List<Long> starts =
                calls.stream().map(RequestRecord::startNanos).sorted().toList();
        int most = 0;
        int first = 0;
        for (int last = 0; last < starts.size(); last++) {
            while (starts.get(last) - starts.get(first) >= width.toNanos()) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
