package dev.trainingbot.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.metrics.Metrics;
import dev.trainingbot.testkit.kafka.TestKafka;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.testkit.telegram.RequestRecord;
import dev.trainingbot.testkit.telegram.TelegramUser;
import dev.trainingbot.testkit.telegram.WebhookDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingress against the Telegram emulator where Telegram's behaviour decides the outcome: updates the fleet cannot
 * route (a poll, an anonymous poll answer), a webhook registration answered 429, and a polling ingress started for a
 * bot that has a webhook.
 */
class IngressTelegramIT {

    private static final String SECRET = "ingress-telegram-it";
    private BotApiEmulator telegram;
    private KafkaSettings kafka;
    private PrometheusMeterRegistry metrics;
    private Ingress ingress;

    @BeforeEach
    void start() {
        telegram = BotApiEmulator.start();
        kafka = TestKafka.newNamespace(1);
        metrics = Metrics.prometheus("ingress");
    }

    @AfterEach
    void stop() {
        if (ingress != null) {
            ingress.close();
        }
        telegram.close();
    }

    @Test
    void aWebhookAcceptsAndSkipsUpdatesItCannotRouteSoThoseBehindThemArrive() throws Exception {
        List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();
        telegram.onWebhookDelivery(deliveries::add);
        ingress = Ingress.start(config(webhook(freePort())), metrics);
        TelegramUser user = telegram.newUser("Webhook", "en");

        long poll = telegram.pollChanged("poll-1");
        long answer = telegram.anonymousPollAnswer("poll-1");
        long afterThem = telegram.pollChanged("poll-1");
        long message = user.send("/start");

        await().atMost(Duration.ofSeconds(30)).until(() -> telegram.pendingUpdateCount() == 0);
        // Only the message reached Kafka.
        List<ConsumerRecord<byte[], byte[]>> records = read(1);
        assertThat(records)
                .singleElement()
                .satisfies(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                        .contains("\"update_id\":" + message));
        assertThat(deliveries)
                .filteredOn(d -> d.updateId() == poll || d.updateId() == answer || d.updateId() == afterThem)
                .hasSize(3)
                .allSatisfy(d -> assertThat(d.status()).isEqualTo(200));
        assertThat(counted("webhook", "unroutable")).isEqualTo(3);
    }

    @Test
    void aWebhookRegistrationAnswered429WaitsTheRetryAfterTelegramNamed() throws Exception {
        telegram.rateLimitNext("setWebhook", 1, 2);

        ingress = Ingress.start(config(webhook(freePort())), metrics);

        assertThat(telegram.webhookInfo().path("url").asText()).isNotEmpty();
        List<RequestRecord> calls = telegram.requestLog().stream()
                .filter(r -> r.method().equals("setWebhook"))
                .toList();
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).status()).isEqualTo(429);
        assertThat(Duration.ofNanos(calls.get(1).startNanos() - calls.get(0).endNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void pollingRefusesToStartWhileTheBotHasAWebhookAndNamesBothWaysOut() throws Exception {
        setWebhook("https://bot.example.com/telegram/webhook");

        StartRefusedException refused =
                catchThrowableOfType(StartRefusedException.class, () -> Ingress.start(config(polling()), metrics));

        assertThat(refused.getMessage())
                .doesNotContain("\n")
                .contains("https://bot.example.com")
                .contains("INGRESS_MODE=webhook")
                .contains("POLLING_DELETE_WEBHOOK=true");
        assertThat(telegram.webhookInfo().path("url").asText()).isEqualTo("https://bot.example.com/telegram/webhook");
        assertThat(telegram.calls("deleteWebhook")).isZero();
    }

    @Test
    void pollingToldToDeleteTheWebhookTakesTheUpdatesTelegramHeldForIt() throws Exception {
        // A webhook nobody answers (the connection is refused), so that Telegram holds the update.
        setWebhook("https://127.0.0.1:1/telegram/webhook");
        TelegramUser user = telegram.newUser("Polling", "en");
        // Polling must get it once the webhook is gone.
        long held = user.send("/start");
        Map<String, String> variables = polling();
        variables.put("POLLING_DELETE_WEBHOOK", "true");

        ingress = Ingress.start(config(variables), metrics);

        assertThat(new String(read(1).getFirst().value(), StandardCharsets.UTF_8))
                .contains("\"update_id\":" + held);
        assertThat(telegram.webhookInfo().path("url").asText()).isEmpty();
    }

    @Test
    void pollingSkipsUpdatesItCannotRouteAndConfirmsThem() throws Exception {
        ingress = Ingress.start(config(polling()), metrics);
        TelegramUser user = telegram.newUser("Poller", "en");

        telegram.pollChanged("poll-2");
        telegram.anonymousPollAnswer("poll-2");
        long message = user.send("hello");

        await().atMost(Duration.ofSeconds(30)).until(() -> telegram.pendingUpdateCount() == 0);
        assertThat(read(1))
                .singleElement()
                .satisfies(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                        .contains("\"update_id\":" + message));
        assertThat(counted("polling", "unroutable")).isEqualTo(2);
    }

    private Map<String, String> webhook(int port) {
        Map<String, String> variables = new HashMap<>();
        variables.put("INGRESS_MODE", "webhook");
        variables.put("WEBHOOK_SECRET", SECRET);
        variables.put("WEBHOOK_URL", "http://127.0.0.1:" + port + "/telegram/webhook");
        variables.put("HTTP_PORT", Integer.toString(port));
        return variables;
    }

    private Map<String, String> polling() {
        Map<String, String> variables = new HashMap<>();
        variables.put("INGRESS_MODE", "polling");
        variables.put("POLLING_TIMEOUT_SECONDS", "1");
        variables.put("HTTP_PORT", "0");
        return variables;
    }

    private IngressConfig config(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(variables);
        all.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        all.put("KAFKA_TOPIC_PREFIX", kafka.topicPrefix());
        all.put("BOT_TOKEN", telegram.token());
        all.put("TELEGRAM_API_URL", telegram.baseUrl());
        return IngressConfig.from(Env.of(all));
    }

    /** Registers a webhook the way an operator's other deployment would have. */
    private void setWebhook(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(telegram.baseUrl() + "/bot" + telegram.token() + "/setWebhook"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        }
    }

    private double counted(String mode, String outcome) {
        Counter counter = metrics.find("ingress.updates")
                .tag("mode", mode)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Everything on tg.updates up to its end, once there are at least {@code atLeast} records. */
    private List<ConsumerRecord<byte[], byte[]>> read(int atLeast) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                KafkaClients.consumer(kafka, "ingress-telegram-it", kafka.group("reader-" + System.nanoTime())))) {
            consumer.subscribe(List.of(kafka.topics().updates()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= atLeast
                        && !consumer.assignment().isEmpty()
                        && consumer.endOffsets(consumer.assignment()).entrySet().stream()
                                .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
            });
        }
        return records;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
