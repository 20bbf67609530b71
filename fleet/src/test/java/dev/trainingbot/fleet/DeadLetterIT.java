package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.kafka.RecordHeaders;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An update whose handler always fails goes to the dead-letter topic and holds up nobody: not the other chats of its
 * partition while it is retried, nor its own chat once it is dead-lettered.
 */
class DeadLetterIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        fleet = FleetUnderTest.builder()
                // One partition: every chat shares the failing one's, so only per-chat ordering keeps them moving.
                .partitions(1)
                .set("WORKER_MAX_ATTEMPTS", "3")
                // Two backoffs of about three seconds each: the failing update takes several seconds to dead-letter,
                // time enough for the other chats to be answered on a busy machine.
                .set("WORKER_RETRY_BACKOFF_MS", "3000")
                .set("WORKER_RETRY_BACKOFF_MAX_MS", "3000")
                .routes(TestRoutes.echoAndExplode())
                .start();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aFailingUpdateIsDeadLetteredWithItsErrorAndNeitherItsChatNorOthersAreBlocked() {
        TelegramUser unlucky = fleet.telegram.newUser("Unlucky", "en");
        List<TelegramUser> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(fleet.telegram.newUser("Other" + i, "en"));
        }

        long poison = unlucky.send("/explode");
        unlucky.send("/echo after");
        others.forEach(user -> user.send("/echo fine"));

        for (TelegramUser user : others) {
            assertThat(user.awaitSent(1, WAIT)).extracting(BotMessage::text).containsExactly("echo fine");
        }
        long othersAnsweredBy = System.currentTimeMillis();
        assertThat(unlucky.awaitSent(1, WAIT)).extracting(BotMessage::text).containsExactly("echo after");
        long unluckyAnsweredBy = System.currentTimeMillis();

        ConsumerRecord<byte[], byte[]> dead = fleet.deadLetterOf(unlucky, WAIT);
        // The others were answered while the failing update was still being retried, its chat only after.
        assertThat(othersAnsweredBy).isLessThan(dead.timestamp());
        assertThat(dead.timestamp()).isLessThanOrEqualTo(unluckyAnsweredBy);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8))
                .contains("\"update_id\":" + poison)
                .contains("/explode");
        assertThat(header(dead, RecordHeaders.ERROR_CLASS)).isEqualTo("java.lang.IllegalStateException");
        assertThat(header(dead, RecordHeaders.ERROR_MESSAGE)).isEqualTo("boom in chat " + unlucky.chatId());
        assertThat(header(dead, RecordHeaders.ATTEMPTS)).isEqualTo("3");
        assertThat(header(dead, RecordHeaders.SOURCE_TOPIC))
                .isEqualTo(fleet.kafka.topics().updates());
        assertThat(header(dead, RecordHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(header(dead, RecordHeaders.SOURCE_OFFSET)).matches("\\d+");
        FleetQueries db = new FleetQueries(fleet.database);
        await().atMost(WAIT).until(() -> db.auditOf(poison).contains("update.dead_lettered/dead_lettered"));
    }

    @Test
    void anAnswerTheTelegramClientRefusesToSendIsDeadLetteredNotRetriedForever() {
        TelegramUser user = fleet.telegram.newUser("Blank", "en");

        long invalid = user.send("/blank");
        user.send("/echo next");

        assertThat(user.awaitSent(1, WAIT)).extracting(BotMessage::text).containsExactly("echo next");
        ConsumerRecord<byte[], byte[]> dead = fleet.deadLetterOf(user, WAIT);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).contains("\"update_id\":" + invalid);
        assertThat(header(dead, RecordHeaders.ERROR_CLASS))
                .isEqualTo("dev.trainingbot.worker.telegram.TelegramException$Permanent");
        assertThat(header(dead, RecordHeaders.ERROR_MESSAGE)).contains("Text parameter can't be empty");
        assertThat(header(dead, RecordHeaders.ATTEMPTS)).isEqualTo("3");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return RecordHeaders.readText(record.headers(), name).orElse(null);
    }
}
