package dev.trainingbot.audit;

import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.retry.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves {@code tg.audit} into PostgreSQL: polls, gathers a batch until it holds {@code AUDIT_BATCH_SIZE} records or
 * its first record is {@code AUDIT_BATCH_MAX_WAIT_MS} old, writes it with {@link AuditBatchWriter} — which sets aside
 * the events PostgreSQL refuses for their values, so that none of them stops the others — and only then commits its
 * offsets. So a crash loses nothing (the batch is read again) and duplicates nothing (the insert is idempotent).
 *
 * <p>The loop is in one {@link State} at a time, and only the loop changes it:
 *
 * <ul>
 *   <li>{@link State#RUNNING} → {@link State#HOLDING} when a write fails (the database unavailable, or refusing the
 *       statement itself): the sink keeps its batch, pauses its partitions — they keep their position — and retries
 *       the write with backoff while still polling, so the group keeps it as a member;
 *   <li>{@link State#HOLDING} → {@link State#PROBING} when a rebalance took every record of the batch away: with
 *       nothing to retry, the sink asks the database directly, with the same backoff (up to
 *       {@value #MAX_BACKOFF_SECONDS} s);
 *   <li>either → {@link State#RUNNING} once a write succeeds or the database answers: the partitions resume.
 * </ul>
 *
 * The rebalance listener only queues the partitions revoked and assigned; the loop applies them once {@code poll()}
 * returns: a revoked partition's records leave the batch unwritten (its next owner reads them from the last commit),
 * and a partition assigned while the sink is not running is paused. Nothing is written inside a callback, and nothing
 * is polled while a poll's records are being handled. It never drops an event. Used by the service (subscribed to the
 * topic, in the group) and by replay (assigned partitions, its own group).
 */
final class AuditSink {

    /** What the loop is doing. */
    enum State {
        /** The database takes inserts: poll, gather, write when the batch is full or old enough. */
        RUNNING,
        /** A write failed: the batch is kept, the partitions paused, the write retried with backoff. */
        HOLDING,
        /** The database is still out and nothing is held: the partitions paused, the database probed with backoff. */
        PROBING
    }

    private static final Logger log = LoggerFactory.getLogger(AuditSink.class);
    private static final Duration MAX_POLL = Duration.ofMillis(100);
    /** With no batch to write, a poll waits this long: an event arriving ends it at once. */
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private static final long MAX_BACKOFF_SECONDS = 5;
    private static final Backoff BACKOFF =
            Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(MAX_BACKOFF_SECONDS));

    private final Consumer<byte[], byte[]> consumer;
    private final AuditBatchWriter writer;
    private final AuditEventCodec codec;
    private final int batchSize;
    private final Duration maxWait;
    private final AuditBatch batch = new AuditBatch();
    private final DistributionSummary batchSizes;
    private final Timer inserts;
    private final Counter inserted;
    private final Counter duplicates;
    private final Counter rejected;
    // Filled by the rebalance listener during poll(), emptied by the loop after it.
    private final Set<TopicPartition> revoked = new HashSet<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private Predicate<ConsumerRecord<byte[], byte[]>> accept = record -> true;
    private volatile State state = State.RUNNING;
    private int failures;
    private long nextAttemptNanos;

    AuditSink(
            Consumer<byte[], byte[]> consumer,
            AuditBatchWriter writer,
            AuditEventCodec codec,
            int batchSize,
            Duration maxWait,
            MeterRegistry metrics) {
        this.consumer = consumer;
        this.writer = writer;
        this.codec = codec;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
        this.batchSizes = DistributionSummary.builder("audit.batch.size")
                .description("Records per audit insert")
                .register(metrics);
        this.inserts = Timer.builder("audit.insert")
                .description("Time to insert one audit batch and commit it")
                .publishPercentileHistogram()
                .register(metrics);
        this.inserted = events(metrics, "inserted");
        this.duplicates = events(metrics, "duplicate");
        this.rejected = events(metrics, "rejected");
        Gauge.builder("audit.database.available", this, sink -> sink.databaseAvailable() ? 1 : 0)
                .description("0 while audit inserts fail and consumption is paused")
                .register(metrics);
    }

    private static Counter events(MeterRegistry metrics, String outcome) {
        return Counter.builder("audit.events")
                .description("Audit records written, by outcome; rejected ones are kept in audit_log_rejected")
                .tag("outcome", outcome)
                .register(metrics);
    }

    /** Only records {@code accept} lets through are written (a replay's upper bound); the others are skipped. */
    AuditSink accepting(Predicate<ConsumerRecord<byte[], byte[]>> accept) {
        this.accept = accept;
        return this;
    }

    boolean databaseAvailable() {
        return state == State.RUNNING;
    }

    /** Joins the consumer group on {@code topic}; rebalances are applied by the loop after the poll. */
    void subscribe(String topic) {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                revoked.addAll(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned.addAll(partitions);
            }
        });
    }

    /**
     * Polls and writes while {@code keepGoing} says so, then writes what it holds, once, if the database takes
     * inserts. A {@link WakeupException} ends the current poll, and {@code keepGoing} is checked after every step,
     * which makes at most one write attempt (up to {@code DB_POOL_TIMEOUT} waiting for a connection, unless the thread
     * is interrupted). What could not be written is not committed: it is read again next time.
     */
    void run(BooleanSupplier keepGoing) {
        while (keepGoing.getAsBoolean()) {
            pollOnce();
        }
        if (!batch.isEmpty() && state == State.RUNNING) {
            write();
        }
        if (!batch.isEmpty()) {
            log.info(
                    "stopping with {} uncommitted audit records ({}); they will be read again",
                    batch.size(),
                    batch.describe());
            batch.clear();
        }
    }

    /** Writes and commits what the sink holds now, waiting out an outage (the end of a replay). */
    void flush() throws InterruptedException {
        while (!batch.isEmpty()) {
            long wait = nextAttemptNanos - System.nanoTime();
            if (state != State.RUNNING && wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            write();
        }
    }

    /**
     * One step of the loop: a poll, the rebalance it brought, its records, and what the state asks for — a write of
     * a full or old batch, a due retry, a due probe. Returns how many records the poll brought.
     */
    int pollOnce() {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(pollTimeout());
        } catch (WakeupException e) {
            // A stop asked: the caller checks. A rebalance this poll went through is still applied below.
            records = ConsumerRecords.empty();
        }
        applyRebalance();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            add(record);
            if (state == State.RUNNING && batch.size() >= batchSize) {
                write();
            }
        }
        switch (state) {
            case RUNNING -> {
                if (!batch.isEmpty() && batch.ageNanos() >= maxWait.toNanos()) {
                    write();
                }
            }
            case HOLDING -> {
                if (batch.isEmpty()) {
                    state = State.PROBING;
                } else if (due()) {
                    write();
                }
            }
            case PROBING -> {
                if (!batch.isEmpty()) {
                    state = State.HOLDING;
                } else if (due()) {
                    probe();
                }
            }
        }
        return records.count();
    }

    private Duration pollTimeout() {
        if (state == State.RUNNING && batch.isEmpty()) {
            return IDLE_POLL;
        }
        long nanos =
                state == State.RUNNING ? maxWait.toNanos() - batch.ageNanos() : nextAttemptNanos - System.nanoTime();
        return Duration.ofNanos(Math.clamp(nanos, 0, MAX_POLL.toNanos()));
    }

    /** Applies what the rebalance listener queued during the poll. */
    private void applyRebalance() {
        if (!revoked.isEmpty()) {
            int dropped = batch.drop(revoked);
            if (dropped > 0) {
                log.info(
                        "{} unwritten audit records of revoked partitions {} given up; their next owner reads them",
                        dropped,
                        revoked);
            }
            revoked.clear();
        }
        if (!assigned.isEmpty()) {
            // A partition assigned and revoked again within the same poll is no longer there to pause.
            assigned.retainAll(consumer.assignment());
            if (state != State.RUNNING) {
                consumer.pause(assigned);
            }
            assigned.clear();
        }
    }

    private void add(ConsumerRecord<byte[], byte[]> record) {
        if (!accept.test(record)) {
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            AuditEvent event = codec.decode(record.value());
            batch.add(partition, record.offset(), record.value(), event);
        } catch (AuditEventCodec.MalformedAuditEventException e) {
            log.warn(
                    "{}-{}@{} is kept in audit_log_rejected: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            batch.reject(partition, record.offset(), record.value(), e.getMessage());
        }
    }

    /** Writes and commits the batch; on failure holds it, pausing the partitions, with the next attempt backed off. */
    private void write() {
        long started = System.nanoTime();
        int size = batch.size();
        try {
            AuditBatchWriter.Written written = writer.write(batch);
            commit(batch.nextOffsets());
            inserts.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batchSizes.record(size);
            inserted.increment(written.inserted());
            duplicates.increment(written.duplicates());
            rejected.increment(written.rejected());
            batch.clear();
            resume("audit inserts work again");
        } catch (AuditBatchWriter.AuditWriteException e) {
            backOff();
            if (state == State.RUNNING) {
                consumer.pause(consumer.assignment());
                log.warn("{}; consumption paused, position kept, retrying", e.getMessage());
            }
            state = State.HOLDING;
        }
    }

    /** With nothing to write there is no insert to retry, so the sink asks the database directly. */
    private void probe() {
        if (writer.answers()) {
            resume("the database answers again");
        } else {
            backOff();
        }
    }

    private void resume(String why) {
        failures = 0;
        if (state != State.RUNNING) {
            state = State.RUNNING;
            consumer.resume(consumer.paused());
            log.info("{}: consumption resumed", why);
        }
    }

    private void backOff() {
        failures++;
        nextAttemptNanos = System.nanoTime() + BACKOFF.delay(failures).toNanos();
    }

    private boolean due() {
        return System.nanoTime() - nextAttemptNanos >= 0;
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
            } catch (WakeupException e) {
                // A stop asked during the write; the wake-up is spent now, and the rows deserve their commit.
                consumer.commitSync(offsets, Duration.ofSeconds(10));
            }
        } catch (RuntimeException e) {
            // The rows are in; the records will be read again and find them there.
            log.warn("audit offsets {} not committed, the records will be read again: {}", offsets, e.toString());
        }
    }
}
