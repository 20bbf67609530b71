package dev.trainingbot.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.metrics.Metrics;
import dev.trainingbot.testkit.kafka.TestKafka;
import dev.trainingbot.testkit.telegram.BotApiEmulator;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Long polling against the Telegram emulator: updates reach Kafka, and confirmed ones are not fetched again. */
class IngressPollingIT {

    private static BotApiEmulator telegram;
    private static KafkaSettings kafka;
    private static Ingress ingress;

    @BeforeAll
    static void start() throws Exception {
        telegram = BotApiEmulator.start();
        kafka = TestKafka.newNamespace(2);
        ingress = Ingress.start(
                IngressConfig.from(Env.of(Map.of(
                        "INGRESS_MODE", "polling",
                        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "KAFKA_TOPIC_PREFIX", kafka.topicPrefix(),
                        "BOT_TOKEN", telegram.token(),
                        "TELEGRAM_API_URL", telegram.baseUrl(),
                        "POLLING_TIMEOUT_SECONDS", "1",
                        "HTTP_PORT", "0"))),
                Metrics.prometheus("ingress"));
    }

    @AfterAll
    static void stop() {
        ingress.close();
        telegram.close();
    }

    @Test
    void polledUpdatesReachKafkaInOrderAndAreConfirmed() {
        TelegramUser user = telegram.newUser("Poller", "en");
        List<Long> sent = List.of(user.send("/start"), user.send("one"), user.send("two"));

        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(KafkaClients.consumer(kafka, "polling-it", kafka.group("polling-it")))) {
            consumer.subscribe(List.of(kafka.topics().updates()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= 3;
            });
        }

        assertThat(records)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .satisfiesExactly(
                        first -> assertThat(first).contains("\"update_id\":" + sent.get(0)),
                        second -> assertThat(second).contains("\"update_id\":" + sent.get(1)),
                        third -> assertThat(third).contains("\"update_id\":" + sent.get(2)));
        assertThat(records)
                .allSatisfy(r -> assertThat(new String(r.key(), StandardCharsets.US_ASCII))
                        .isEqualTo(Long.toString(user.chatId())));
        await().atMost(Duration.ofSeconds(10)).until(() -> telegram.pendingUpdateCount() == 0);
    }
}
