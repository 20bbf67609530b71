package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fleet end to end over the real broker, Redis and PostgreSQL: Telegram (the emulator) posts to the ingress's
 * webhook, a worker answers through the Bot API, the audit-consumer writes the audit row.
 */
class WebhookFleetIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static FleetUnderTest fleet;
    private static FleetQueries db;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder().start();
        db = new FleetQueries(fleet.database);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void startIsAnsweredWithTheGreetingAndTheMainMenu() {
        TelegramUser alice = fleet.telegram.newUser("Alice", "en");

        alice.send("/start");

        BotMessage greeting = alice.awaitSent(1, WAIT).getFirst();
        assertThat(greeting.text()).contains("Hello, <b>Alice</b>");
        assertThat(greeting.parseMode()).isEqualTo("HTML");
        assertThat(greeting.buttonTexts()).containsExactly("📚 Sections", "📈 My progress", "❓ Help");
    }

    @Test
    void aHandledUpdateLandsInTheAuditLog() {
        TelegramUser bob = fleet.telegram.newUser("Bob", "en");

        long update = bob.send("/start");

        await().atMost(WAIT).until(() -> db.auditOf(update).size() == 1);
        assertThat(db.auditOf(update)).containsExactly("update.message/handled");
        assertThat(db.count(
                        "SELECT count(*) FROM audit_log WHERE update_id = ? AND user_id = ? AND chat_id = ?",
                        update,
                        bob.id(),
                        bob.chatId()))
                .isOne();
        assertThat(db.count("SELECT count(*) FROM users WHERE id = ? AND first_name = 'Bob'", bob.id()))
                .isOne();
    }

    @Test
    void anUpdateTelegramDeliversTwiceIsAnsweredOnceAndAuditedOnce() throws Exception {
        TelegramUser carol = fleet.telegram.newUser("Carol", "en");
        long updateId = 777_000_001L;
        String update = """
                {"update_id":%d,"message":{"message_id":1,"date":1700000000,"text":"/start",
                 "from":{"id":%d,"is_bot":false,"first_name":"Carol","language_code":"en"},
                 "chat":{"id":%d,"type":"private","first_name":"Carol"},
                 "entities":[{"offset":0,"length":6,"type":"bot_command"}]}}
                """.formatted(updateId, carol.id(), carol.chatId());

        assertThat(postToWebhook(update)).isEqualTo(200);
        assertThat(postToWebhook(update)).isEqualTo(200);

        carol.awaitSent(1, WAIT);
        await().atMost(WAIT).until(() -> db.auditOf(updateId).size() == 1);
        // Give a second answer or audit row every chance to appear before asserting there is none.
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertThat(carol.sent()).hasSize(1);
        assertThat(db.auditOf(updateId)).containsExactly("update.message/handled");
    }

    @Test
    void updateKindsTheBotDoesNotHandleAreAcknowledgedAndAuditedAsIgnored() throws Exception {
        TelegramUser dave = fleet.telegram.newUser("Dave", "en");
        long updateId = 777_000_002L;
        String edited = """
                {"update_id":%d,"edited_message":{"message_id":5,"date":1700000000,"edit_date":1700000100,
                 "text":"typo fixed","from":{"id":%d,"is_bot":false,"first_name":"Dave"},
                 "chat":{"id":%d,"type":"private","first_name":"Dave"}}}
                """.formatted(updateId, dave.id(), dave.chatId());

        assertThat(postToWebhook(edited)).isEqualTo(200);

        await().atMost(WAIT).until(() -> db.auditOf(updateId).size() == 1);
        assertThat(db.auditOf(updateId)).containsExactly("update.edited_message/ignored");
        assertThat(dave.sent()).isEmpty();
    }

    private static int postToWebhook(String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(fleet.webhookUrl()))
                    .header("Content-Type", "application/json")
                    .header("X-Telegram-Bot-Api-Secret-Token", fleet.webhookSecret())
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
