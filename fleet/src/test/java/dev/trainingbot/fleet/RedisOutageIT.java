package dev.trainingbot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.testkit.redis.RedisServerProcess;
import dev.trainingbot.testkit.telegram.BotMessage;
import dev.trainingbot.testkit.telegram.TelegramUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away under a running worker — fails over to read-only, or stops and comes back empty — and updates that
 * arrive meanwhile wait in Kafka and are answered once it is back: none is lost, none dead-lettered. The fleet runs
 * on a Redis server of this class's own, since the test takes it away.
 */
class RedisOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    // Longer than the worker needs to use up WORKER_MAX_ATTEMPTS were the outage counted against the update.
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static RedisServerProcess redis;
    private static FleetUnderTest fleet;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RedisServerProcess.available(), "needs a redis-server binary (TEST_REDIS_SERVER or PATH)");
        redis = RedisServerProcess.start();
        fleet = FleetUnderTest.builder()
                .redisServer(redis.url())
                .set("WORKER_MAX_ATTEMPTS", "2")
                .routes(TestRoutes.echo())
                .start();
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void redisIsBack() {
        redis.startAgain();
        redis.writable();
    }

    @Test
    void aFailoverToReadOnlyHoldsUpdatesUntilRedisTakesWritesAgain() {
        TelegramUser user = fleet.telegram.newUser("FailedOver", "en");
        user.send("/echo before");
        user.awaitSent(1, WAIT);

        redis.readOnly();
        user.send("/echo during");
        // Redis answers READONLY to the guard's script: the update waits, it is not the update's fault.
        await().during(OUTAGE)
                .atMost(OUTAGE.plusSeconds(5))
                .until(() -> user.sent().size() == 1);
        redis.writable();

        assertThat(user.awaitSent(2, WAIT)).extracting(BotMessage::text).containsExactly("echo before", "echo during");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void aRedisThatStopsAndComesBackEmptyLosesNoUpdate() {
        TelegramUser user = fleet.telegram.newUser("Stranded", "en");
        user.send("/echo before");
        user.awaitSent(1, WAIT);

        redis.stop();
        user.send("/echo while down");
        user.send("/echo still down");
        await().during(OUTAGE)
                .atMost(OUTAGE.plusSeconds(5))
                .until(() -> user.sent().size() == 1);
        redis.startAgain();

        assertThat(user.awaitSent(3, WAIT))
                .extracting(BotMessage::text)
                .containsExactly("echo before", "echo while down", "echo still down");
        assertThat(deadLetters()).isEmpty();
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        Map<String, Object> config = KafkaClients.consumer(fleet.kafka, "dlq-reader", "dlq-reader-test");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            TopicPartition partition = new TopicPartition(fleet.kafka.topics().deadLetters(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return consumer.position(partition) >= end;
            });
            return records;
        }
    }
}
