package dev.trainingbot.worker.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainingbot.common.kafka.ChatKey;
import dev.trainingbot.common.kafka.RecordHeaders;
import dev.trainingbot.common.kafka.Topics;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.InboundRecord;
import dev.trainingbot.worker.pipeline.Pipeline;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * The worker's poll loop: one platform thread owns the Kafka consumer, hands each record to its chat's queue in the
 * {@link KeyOrderedExecutor}, and commits, per partition, the offset below which every record is done
 * ({@link PartitionProgress}). Records of one chat run in order; records of different chats — in one partition or
 * not — run at once.
 *
 * <p>Bounded: never more than {@code WORKER_MAX_IN_FLIGHT} records in flight. With that many, all partitions are
 * paused (the loop keeps polling, so the group membership stays alive) until half of them are done; records a poll
 * returned beyond the bound are not taken but fetched again once consumption resumes (the consumer should poll at
 * most {@link ConsumerSettings#maxPollRecords()}, so that this stays rare).
 *
 * <p>Revoked partitions get up to {@code WORKER_DRAIN_TIMEOUT_MS} to finish their records; the records still in
 * flight then are abandoned to the next owner (their threads interrupted, so that they stop waiting and send nothing
 * more), and what is done is committed synchronously. Shutdown does the same for all partitions, once. Lost
 * partitions are abandoned at once.
 */
public final class UpdateConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpdateConsumer.class);
    /** The poll's timeout while records are in flight, done but not committed, or consumption is paused. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /**
     * The poll's timeout once everything is done and committed. A record arriving ends the poll at once (the broker
     * answers a waiting fetch as soon as there is data), so this only sets how often an idle worker wakes up.
     */
    private static final Duration IDLE_POLL_TIMEOUT = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final RecordHandler handler;
    private final ConsumerSettings settings;
    private final BooleanSupplier accepting;
    private final KeyOrderedExecutor executor = new KeyOrderedExecutor();
    private final Map<TopicPartition, PartitionProgress> partitions = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean halted;
    private volatile boolean paused;
    private long lastCommitNanos = System.nanoTime();
    private long lastBusyNanos = System.nanoTime();

    private UpdateConsumer(
            Consumer<byte[], byte[]> consumer,
            String topic,
            RecordHandler handler,
            ConsumerSettings settings,
            BooleanSupplier accepting,
            MeterRegistry metrics) {
        this.accepting = accepting;
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.settings = settings;
        Gauge.builder("worker.in_flight", inFlight, AtomicInteger::get)
                .description("Records polled and not yet done")
                .tag("topic", topic)
                .register(metrics);
        Gauge.builder("worker.active_chats", executor, KeyOrderedExecutor::activeKeys)
                .description("Chats with records queued or running")
                .tag("topic", topic)
                .register(metrics);
        Gauge.builder("worker.paused", this, c -> c.paused ? 1 : 0)
                .description("1 while consumption is paused: too many records in flight, or Telegram's circuit open")
                .tag("topic", topic)
                .register(metrics);
        this.thread = Thread.ofPlatform().name("update-consumer").unstarted(this::run);
    }

    /**
     * A consumer of {@code topics.updates()} that runs updates through {@code pipeline}, dead-letters to
     * {@code topics.deadLetters()} with {@code producer}, and audits dead letters through {@code audit}. Call
     * {@link #start()} to begin polling.
     */
    public static UpdateConsumer create(
            Consumer<byte[], byte[]> consumer,
            Producer<byte[], byte[]> producer,
            Topics topics,
            Pipeline pipeline,
            Messages messages,
            AuditPublisher audit,
            ConsumerSettings settings,
            BooleanSupplier accepting,
            ObjectMapper json,
            InstantSource clock,
            MeterRegistry metrics) {
        RecordProcessor processor = new RecordProcessor(
                json.readerFor(Update.class),
                pipeline,
                messages,
                new DeadLetterPublisher(producer, topics.deadLetters()),
                audit,
                settings.retry(),
                clock,
                metrics);
        return new UpdateConsumer(consumer, topics.updates(), processor, settings, accepting, metrics);
    }

    /**
     * A consumer of any of the fleet's chat-keyed topics, with the same ordering, bounds, commits and rebalance
     * handling, that hands each record to {@code handler} (the outbox's sender, for one).
     */
    public static UpdateConsumer of(
            Consumer<byte[], byte[]> consumer,
            String topic,
            RecordHandler handler,
            ConsumerSettings settings,
            BooleanSupplier accepting,
            MeterRegistry metrics) {
        return new UpdateConsumer(consumer, topic, handler, settings, accepting, metrics);
    }

    public void start() {
        thread.start();
    }

    /** Whether the poll loop is alive (for {@code /healthz}). */
    public boolean alive() {
        return thread.isAlive() || !running;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** How many partitions this consumer holds now. */
    public int assignedPartitions() {
        return partitions.size();
    }

    /** Stops polling, lets records in flight finish within the drain timeout, commits what is done, and closes. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        join();
    }

    /**
     * Stops at once as a crashed process would: nothing more is handled or committed, records in flight are
     * abandoned, and the consumer closes without committing. For fault tests.
     */
    public void halt() {
        halted = true;
        running = false;
        partitions.values().forEach(PartitionProgress::revoke);
        consumer.wakeup();
        join();
    }

    private void join() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        consumer.subscribe(List.of(topic), new Rebalance());
        try {
            while (running) {
                adjustPause();
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(pollTimeout());
                } catch (WakeupException e) {
                    continue;
                }
                take(records);
                commit(false);
            }
            if (!halted) {
                drain(partitions.values());
                commitSync(partitions.values());
            }
        } catch (RuntimeException e) {
            log.error("the poll loop failed; records in flight are abandoned to the next owner", e);
            partitions.values().forEach(PartitionProgress::abandon);
            commitSync(partitions.values());
        } finally {
            partitions.values().forEach(PartitionProgress::revoke);
            // A halted worker stays in the group as a crashed process would, until its session times out.
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5))
                    .withGroupMembershipOperation(
                            halted
                                    ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                                    : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            log.info(halted ? "consumer halted without committing" : "consumer closed");
        }
    }

    /**
     * Short while there is something to come back for — records in flight, a commit still due after them, a pause to
     * lift — and long when idle: an idle worker's poll loop then wakes once a second, not ten times.
     */
    private Duration pollTimeout() {
        long now = System.nanoTime();
        if (inFlight.get() > 0 || paused) {
            lastBusyNanos = now;
        }
        boolean settled = now - lastBusyNanos > settings.commitInterval().toNanos() + POLL_TIMEOUT.toNanos();
        return settled ? IDLE_POLL_TIMEOUT : POLL_TIMEOUT;
    }

    /**
     * Dispatches the polled records while the bound leaves room. A partition whose next record finds none is rewound
     * to that record, so that it and the ones after it are fetched again after the pause.
     */
    private void take(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (inFlight.get() >= settings.maxInFlight()) {
                    consumer.seek(partition, record.offset());
                    break;
                }
                dispatch(record);
            }
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionProgress progress = partitions.computeIfAbsent(partition, PartitionProgress::new);
        ChatKey key;
        try {
            key = ChatKey.parse(record.key());
        } catch (IllegalArgumentException e) {
            // Not a chat: keep such records in partition order under a key of their own; they are dead-lettered.
            key = new ChatKey(Long.MIN_VALUE + record.partition());
        }
        InboundRecord inbound = new InboundRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                key,
                record.value(),
                RecordHeaders.readLong(record.headers(), RecordHeaders.RECEIVED_AT)
                        .map(OptionalLong::of)
                        // A record not from the ingress: its timestamp is the nearest thing to an arrival.
                        .orElse(record.timestamp() > 0 ? OptionalLong.of(record.timestamp()) : OptionalLong.empty()));
        progress.register(record.offset());
        inFlight.incrementAndGet();
        executor.submit(key, () -> {
            try {
                progress.startWorking();
                try {
                    // An interrupt meant for an abandoned record of this chat must not hit the next one.
                    Thread.interrupted();
                    handler.process(inbound, record.headers(), new RecordHandler.Progress() {
                        @Override
                        public void done() {
                            progress.done(inbound.offset());
                        }

                        @Override
                        public boolean revoked() {
                            return progress.revoked();
                        }
                    });
                } finally {
                    progress.stopWorking();
                }
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /**
     * Pauses all partitions while too many records are in flight or Telegram's circuit is open (the records stay in
     * Kafka), and resumes once half of them are done and Telegram is called again.
     */
    private void adjustPause() {
        int current = inFlight.get();
        boolean telegramDown = !accepting.getAsBoolean();
        if (!paused && (current >= settings.maxInFlight() || telegramDown)) {
            consumer.pause(consumer.assignment());
            paused = true;
            log.warn(
                    telegramDown
                            ? "Telegram keeps failing (circuit open): consumption paused, {} records in flight"
                            : "{} records in flight: consumption paused",
                    current);
        } else if (paused && current <= settings.maxInFlight() / 2 && !telegramDown) {
            consumer.resume(consumer.paused());
            paused = false;
            log.info("consumption resumed, {} records in flight", current);
        }
    }

    private void commit(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastCommitNanos < settings.commitInterval().toNanos()) {
            return;
        }
        lastCommitNanos = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = committable(partitions.values());
        if (offsets.isEmpty()) {
            return;
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                log.warn("offset commit failed, will retry: {}", error.toString());
                offsets.forEach((tp, offset) -> {
                    PartitionProgress progress = partitions.get(tp);
                    if (progress != null) {
                        progress.commitFailed(offset.offset());
                    }
                });
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> committable(Collection<PartitionProgress> progresses) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionProgress progress : progresses) {
            OptionalLong offset = progress.committable();
            if (offset.isPresent()) {
                offsets.put(progress.partition(), new OffsetAndMetadata(offset.getAsLong()));
                progress.committed(offset.getAsLong());
            }
        }
        return offsets;
    }

    /**
     * Commits, and waits for, every partition's {@link PartitionProgress#doneBelow()} — whatever was sent before: an
     * asynchronous commit of the same offset may still be on its way, and may fail after the partition is gone.
     */
    private void commitSync(Collection<PartitionProgress> progresses) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionProgress progress : progresses) {
            OptionalLong offset = progress.doneBelow();
            if (offset.isPresent()) {
                offsets.put(progress.partition(), new OffsetAndMetadata(offset.getAsLong()));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(5));
            offsets.forEach((partition, offset) -> {
                PartitionProgress progress = partitions.get(partition);
                if (progress != null) {
                    progress.committed(offset.offset());
                }
            });
            log.info("committed {}", offsets);
        } catch (RuntimeException e) {
            log.warn(
                    "final offset commit of {} failed; their records will be handled again: {}", offsets, e.toString());
        }
    }

    /**
     * Waits up to the drain timeout for the partitions' records, then abandons what is left: its threads are
     * interrupted, so that a record waiting for a flood-limit turn, an acknowledgement or a retry stops there.
     */
    private void drain(Collection<PartitionProgress> progresses) {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        try {
            while (progresses.stream().anyMatch(p -> p.inFlightCount() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int abandoned =
                progresses.stream().mapToInt(PartitionProgress::inFlightCount).sum();
        for (PartitionProgress progress : progresses) {
            if (progress.inFlightCount() > 0) {
                progress.abandon();
            } else {
                progress.revoke();
            }
        }
        if (abandoned > 0) {
            log.warn(
                    "{} records still in flight after {} ms are abandoned to the next owner",
                    abandoned,
                    settings.drainTimeout().toMillis());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            for (TopicPartition partition : assigned) {
                partitions.put(partition, new PartitionProgress(partition));
            }
            if (paused && !assigned.isEmpty()) {
                consumer.pause(assigned);
            }
            if (!assigned.isEmpty()) {
                log.info("partitions assigned: {}", assigned);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (revoked.isEmpty() || halted) {
                return;
            }
            // Partitions already revoked were drained and committed by the loop on its way out: closing the consumer
            // revokes them again, and draining them twice would wait out the drain timeout twice.
            List<PartitionProgress> leaving = revoked.stream()
                    .map(partitions::get)
                    .filter(progress -> progress != null && !progress.revoked())
                    .toList();
            if (!leaving.isEmpty()) {
                drain(leaving);
                commitSync(leaving);
                log.info("partitions revoked: {}", revoked);
            }
            revoked.forEach(partitions::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            for (TopicPartition partition : lost) {
                PartitionProgress progress = partitions.remove(partition);
                if (progress != null) {
                    progress.revoke();
                }
            }
            log.warn("partitions lost (their records will be handled by the next owner): {}", lost);
        }
    }
}
