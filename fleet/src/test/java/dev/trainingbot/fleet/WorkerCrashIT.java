package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker dies without a clean shutdown — no commit, its partitions not handed over — while a thousand updates are in
 * flight. Another worker takes over after the session timeout: every update is answered, and only updates that were in
 * flight may be answered twice.
 */
class WorkerCrashIT {

    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .workers(1)
                .partitions(4)
                .set("WORKER_MAX_IN_FLIGHT", "5000")
                .routes(TestRoutes.echo())
                .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void updatesInFlightWhenAWorkerDiesAreAnsweredByTheNextOneWithoutLoss() throws Exception {
        // A slow Telegram keeps the thousand updates in flight at the moment of the crash.
        fleet.telegram.delay("sendMessage", Duration.ofSeconds(5));
        Worker doomed = fleet.fleet.workers().getFirst();
        List<TelegramUser> users = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            users.add(fleet.telegram.newUser("User" + i, "en"));
        }
        for (int message = 1; message <= 2; message++) {
            for (TelegramUser user : users) {
                user.send("/echo " + message);
            }
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> doomed.inFlight() >= 900);

        Worker successor = fleet.fleet.addWorker();
        int inFlightAtCrash = doomed.inFlight();
        fleet.fleet.haltWorker(doomed);
        fleet.telegram.delay("sendMessage", Duration.ZERO);

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> users.stream().allMatch(user -> distinct(user).size() == 2));
        long answers = users.stream().mapToLong(user -> user.sent().size()).sum();
        for (TelegramUser user : users) {
            assertThat(distinct(user)).as(user.toString()).containsExactly("echo 1", "echo 2");
        }
        assertThat(answers - 1_000).as("answers sent twice").isLessThanOrEqualTo(inFlightAtCrash);
        // The last reply reaches the emulator a moment before its record is done (audit ack, dedupe mark).
        await().atMost(Duration.ofSeconds(30)).until(() -> successor.inFlight() == 0);
    }

    /** The user's answers with repeats of the previous one removed. */
    private static List<String> distinct(TelegramUser user) {
        List<String> texts = new ArrayList<>();
        for (BotMessage message : user.sent()) {
            if (!texts.contains(message.text())) {
                texts.add(message.text());
            }
        }
        return texts;
    }
}
