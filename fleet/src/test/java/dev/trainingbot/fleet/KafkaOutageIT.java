package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.testkit.kafka.EmbeddedKafkaBroker;
import dev.trainingbot.testkit.kafka.TestKafka;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka stops: the ingress answers Telegram 503 for every update it cannot hand over, Telegram keeps the update and
 * retries, and once Kafka is back the update is handled — nothing lost, nothing doubled.
 */
class KafkaOutageIT {

    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder().set("INGRESS_ACK_TIMEOUT_MS", "1000").start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void anUpdateArrivingWhileKafkaIsDownIsRefusedWith503AndHandledAfterTelegramRetries() {
        Optional<EmbeddedKafkaBroker> broker = TestKafka.embeddedBroker();
        assumeThat(broker)
                .as("the broker can be stopped only when it runs in this JVM")
                .isPresent();
        TelegramUser user = fleet.telegram.newUser("Patient", "en");

        broker.get().stop();
        try {
            user.send("/start");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> fleet.telegram
                            .webhookInfo()
                            .path("last_error_message")
                            .asText()
                            .contains("503"));
            assertThat(fleet.telegram.pendingUpdateCount()).isEqualTo(1);
        } finally {
            broker.get().restart();
        }

        user.awaitSent(1, Duration.ofSeconds(90));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> true);
        assertThat(user.sent()).hasSize(1);
        assertThat(user.lastMessage().text()).contains("Hello, <b>Patient</b>");
        assertThat(fleet.telegram.pendingUpdateCount()).isZero();
    }
}
