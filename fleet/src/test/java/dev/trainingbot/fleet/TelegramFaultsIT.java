package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.RequestRecord;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Telegram answering 429 and 5xx: the gateway waits and retries, and every reply still arrives exactly once. */
class TelegramFaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                .set("TELEGRAM_RETRY_BACKOFF_MS", "50")
                .set("TELEGRAM_BREAKER_OPEN_SECONDS", "2")
                .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void a429IsWaitedOutForExactlyItsRetryAfterAndTheReplyArrivesOnce() {
        TelegramUser user = fleet.telegram.newUser("Limited", "en");
        fleet.telegram.rateLimitNext("sendMessage", 1, 2);

        user.send("/start");

        user.awaitSent(1, WAIT);
        await().atMost(WAIT).until(() -> sendsTo(user).size() == 2);
        List<RequestRecord> calls = sendsTo(user);
        assertThat(calls).extracting(RequestRecord::status).containsExactly(429, 200);
        assertThat(Duration.ofNanos(calls.get(1).startNanos() - calls.get(0).endNanos()))
                .isBetween(Duration.ofMillis(1_900), Duration.ofMillis(3_000));
        assertThat(user.sent()).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedAndEveryReplyArrivesExactlyOnce() {
        fleet.telegram.failNext("sendMessage", 8, 502);
        fleet.telegram.rateLimitNext("sendMessage", 4, 1);
        List<TelegramUser> users = users(20);

        users.forEach(user -> user.send("/start"));

        await().atMost(WAIT).until(() -> users.stream().allMatch(u -> u.sent().size() >= 1));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(users).allSatisfy(user -> assertThat(user.sent()).hasSize(1));
    }

    @Test
    void whenTelegramKeepsFailingTheCircuitOpensConsumptionPausesAndNothingIsLost() throws Exception {
        fleet.telegram.failNext("sendMessage", 40, 503);
        List<TelegramUser> users = users(40);

        users.forEach(user -> user.send("/start"));

        // While the circuit is open the worker takes no more updates: its partitions are paused.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(TelegramFaultsIT::updatesPaused);
        await().atMost(WAIT).until(() -> metrics().contains("outcome=\"circuit_open\""));
        await().atMost(WAIT).until(() -> users.stream().allMatch(u -> u.sent().size() >= 1));
        await().atMost(WAIT).until(() -> !updatesPaused());
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(users).allSatisfy(user -> assertThat(user.sent()).hasSize(1));
        assertThat(metrics()).contains("resilience4j_circuitbreaker_state");
    }

    private static List<TelegramUser> users(int count) {
        List<TelegramUser> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(fleet.telegram.newUser("Retried" + i, "en"));
        }
        return users;
    }

    private static List<RequestRecord> sendsTo(TelegramUser user) {
        return fleet.telegram.requestLog().stream()
                .filter(r -> r.method().equals("sendMessage") && r.chatId() == user.chatId())
                .toList();
    }

    /** Whether the first worker's {@code worker_paused} gauge for {@code tg.updates} reads 1. */
    private static boolean updatesPaused() throws Exception {
        String topic = "topic=\"" + fleet.kafka.topics().updates() + "\"";
        return metrics()
                .lines()
                .anyMatch(line -> line.startsWith("worker_paused{") && line.contains(topic) && line.endsWith(" 1.0"));
    }

    private static String metrics() throws Exception {
        int port = fleet.fleet.workers().getFirst().port();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
    }
}
