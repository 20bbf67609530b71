package dev.trainingbot.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.ChatKey;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.testkit.kafka.TestKafka;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The poll loop against the real broker, with a handler of the test's own: the in-flight bound, pausing and resuming,
 * and what closing does with records that finish, and with records that do not.
 */
class UpdateConsumerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void recordsInFlightNeverExceedTheBoundAndConsumptionResumesOnceHalfAreDone() throws Exception {
        KafkaSettings kafka = TestKafka.newNamespace(1);
        String topic = kafka.topics().updates();
        // One partition, a hundred chats: nothing but the bound keeps them from all running at once.
        produce(kafka, topic, 100);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        Set<Long> handled = ConcurrentHashMap.newKeySet();
        AtomicInteger handledTimes = new AtomicInteger();
        RecordHandler handler = (record, headers, progress) -> {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                gate.get();
                handled.add(record.offset());
                handledTimes.incrementAndGet();
                progress.done();
            } catch (InterruptedException | ExecutionException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        };
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        // Kafka's default max.poll.records (500): the bound must hold whatever a poll returns.
        UpdateConsumer consumer = UpdateConsumer.of(
                new KafkaConsumer<>(KafkaClients.consumer(kafka, "bounded", kafka.group("workers"))),
                topic,
                handler,
                settings(10, Duration.ofSeconds(2)),
                () -> true,
                metrics);
        consumer.start();
        try {
            await().atMost(WAIT).until(() -> running.get() == 10);
            await().atMost(WAIT).until(() -> paused(metrics) == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> consumer.inFlight() == 10);

            gate.complete(null);

            await().atMost(WAIT).until(() -> handled.size() == 100);
            await().atMost(WAIT).until(() -> paused(metrics) == 0);
            assertThat(mostRunning).hasValueLessThanOrEqualTo(10);
            assertThat(handledTimes).as("records handled more than once").hasValue(100);
        } finally {
            consumer.close();
        }
        assertThat(committed(kafka, topic)).isEqualTo(100);
    }

    @Test
    void closingDrainsOnceAbandonsWhatIsStuckAndCommitsWhatIsDone() throws Exception {
        KafkaSettings kafka = TestKafka.newNamespace(1);
        String topic = kafka.topics().updates();
        produce(kafka, topic, 3);
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean interrupted = new AtomicBoolean();
        RecordHandler handler = (record, headers, progress) -> {
            if (record.offset() == 1) {
                // Waits for something that never comes, as a record held by the flood limits or a lost ack would.
                try {
                    new CompletableFuture<Void>().get();
                } catch (InterruptedException e) {
                    interrupted.set(progress.revoked());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
                return;
            }
            progress.done();
            done.incrementAndGet();
        };
        Duration drain = Duration.ofSeconds(5);
        UpdateConsumer consumer = UpdateConsumer.of(
                new KafkaConsumer<>(KafkaClients.consumer(kafka, "closing", kafka.group("workers"))),
                topic,
                handler,
                settings(100, drain),
                () -> true,
                new SimpleMeterRegistry());
        consumer.start();
        await().atMost(WAIT).until(() -> done.get() == 2);

        long started = System.nanoTime();
        consumer.close();
        Duration closing = Duration.ofNanos(System.nanoTime() - started);

        // Leaving the group revokes the partitions a second time; they were drained already, so one drain, not two.
        assertThat(closing).isGreaterThanOrEqualTo(drain).isLessThan(drain.plusSeconds(3));
        assertThat(interrupted)
                .as("the stuck record was interrupted as abandoned")
                .isTrue();
        assertThat(committed(kafka, topic)).isEqualTo(1);
    }

    private static ConsumerSettings settings(int maxInFlight, Duration drain) {
        return new ConsumerSettings(
                maxInFlight,
                drain,
                Duration.ofMillis(50),
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100)));
    }

    private static void produce(KafkaSettings kafka, String topic, int count) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KafkaClients.producer(kafka, "test-producer", Duration.ofSeconds(30)))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, new ChatKey(1_000 + i).toBytes(), ("record " + i).getBytes()))
                        .get();
            }
        }
    }

    private static double paused(SimpleMeterRegistry metrics) {
        return metrics.get("worker.paused").gauge().value();
    }

    private static long committed(KafkaSettings kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(KafkaClients.admin(kafka, "test-admin"))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(kafka.group("workers"))
                    .partitionsToOffsetAndMetadata()
                    .get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }
}
