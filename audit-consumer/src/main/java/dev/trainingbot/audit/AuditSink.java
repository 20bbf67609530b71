package dev.trainingbot.audit;

import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditEventCodec;
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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves {@code tg.audit} into PostgreSQL: polls, gathers a batch until it holds {@code AUDIT_BATCH_SIZE} records or
 * its first record is {@code AUDIT_BATCH_MAX_WAIT_MS} old, writes it with {@link AuditBatchWriter}, and only then
 * commits its offsets. So a crash loses nothing (the batch is read again) and duplicates nothing (the insert is
 * idempotent).
 *
 * <p>When the database is unavailable the sink keeps its batch, pauses its partitions — they keep their position —
 * and retries with backoff while still polling, so the group keeps it as a member; once the database answers it
 * writes, commits and resumes. A rebalance during the outage may take the batch away (the partitions' next owner
 * reads it again); the sink then probes the database, at most every {@value #MAX_BACKOFF_SECONDS} s once backed off,
 * and resumes when it answers. It never drops an event. Used by the service (subscribed to the topic, in the group)
 * and by replay (assigned partitions, its own group).
 */
final class AuditSink {

    private static final Logger log = LoggerFactory.getLogger(AuditSink.class);
    private static final Duration MAX_POLL = Duration.ofMillis(100);
    private static final long MAX_BACKOFF_SECONDS = 5;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(MAX_BACKOFF_SECONDS);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

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
    private java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> accept = record -> true;
    private volatile boolean databaseAvailable = true;
    private boolean flushing;
    private final Set<TopicPartition> stale = new HashSet<>();
    private ConsumerRecords<byte[], byte[]> iterating;
    private Duration probeBackoff = FIRST_BACKOFF;
    private long nextProbeNanos;

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
        Gauge.builder("audit.database.available", this, sink -> sink.databaseAvailable ? 1 : 0)
                .description("0 while audit inserts fail and consumption is paused")
                .register(metrics);
    }

    private static Counter events(MeterRegistry metrics, String outcome) {
        return Counter.builder("audit.events")
                .description("Audit records written, by outcome")
                .tag("outcome", outcome)
                .register(metrics);
    }

    /** Only records {@code accept} lets through are written (a replay's upper bound); the others are skipped. */
    AuditSink accepting(java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> accept) {
        this.accept = accept;
        return this;
    }

    boolean databaseAvailable() {
        return databaseAvailable;
    }

    /** Joins the consumer group on {@code topic}; a revoked partition's pending records are written or given up. */
    void subscribe(String topic) {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                settleBeforeRevocation(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!databaseAvailable) {
                    consumer.pause(partitions);
                }
            }
        });
    }

    /**
     * Polls and writes while {@code keepGoing} says so, then writes what it holds, once. A {@link WakeupException}
     * ends the current poll and re-checks {@code keepGoing}; so does a retry during an outage, which is why stopping
     * takes at most one write attempt (up to {@code DB_POOL_TIMEOUT} waiting for a connection, unless the thread is
     * interrupted). What could not be written is not committed: it is read again next time.
     */
    void run(BooleanSupplier keepGoing) {
        while (keepGoing.getAsBoolean()) {
            pollOnce(keepGoing);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (databaseAvailable) {
            flush(keepGoing);
        }
        if (!batch.isEmpty()) {
            log.info(
                    "stopping with {} uncommitted audit records ({}); they will be read again",
                    batch.size(),
                    batch.describe());
            // Closing the consumer revokes its partitions; that must not try the write again.
            batch.clear();
        }
    }

    /** Writes and commits what the sink holds now (the end of a replay). */
    void flush() {
        if (!batch.isEmpty()) {
            flush(() -> true);
        }
    }

    /** {@link #pollOnce(BooleanSupplier)} that never gives up a batch during an outage (a replay). */
    int pollOnce() {
        return pollOnce(() -> true);
    }

    /**
     * One poll; writes the batch when it is full or old enough, retrying during an outage while {@code keepGoing}
     * says so. While the database is marked unavailable and the sink holds nothing, it probes the database instead
     * (with backoff) and resumes its partitions when it answers. Returns how many records the poll brought.
     */
    int pollOnce(BooleanSupplier keepGoing) {
        if (!databaseAvailable && batch.isEmpty()) {
            probeIfDue();
        }
        long leftNanos = batch.isEmpty() ? MAX_POLL.toNanos() : maxWait.toNanos() - batch.ageNanos();
        Duration timeout = Duration.ofNanos(Math.max(0, Math.min(leftNanos, MAX_POLL.toNanos())));
        int count = 0;
        try {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
            stale.clear();
            iterating = records;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                count++;
                if (!stale.isEmpty() && stale.contains(new TopicPartition(record.topic(), record.partition()))) {
                    continue;
                }
                add(record);
                if (batch.size() >= batchSize) {
                    flush(keepGoing);
                }
            }
        } catch (WakeupException e) {
            return count;
        } finally {
            iterating = null;
        }
        if (!batch.isEmpty() && batch.ageNanos() >= maxWait.toNanos()) {
            flush(keepGoing);
        }
        return count;
    }

    private void add(ConsumerRecord<byte[], byte[]> record) {
        if (!accept.test(record)) {
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            AuditEvent event = codec.decode(record.value());
            batch.add(partition, record.offset(), event);
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

    /**
     * Writes and commits the batch, retrying with backoff while the database is unavailable (partitions paused, still
     * polling). Gives up only when the batch is given up by a revocation, or {@code keepGoing} turns false during an
     * outage (shutdown: the uncommitted records are read again next time).
     */
    private void flush(BooleanSupplier keepGoing) {
        flushing = true;
        try {
            Duration backoff = FIRST_BACKOFF;
            while (!batch.isEmpty()) {
                if (tryWrite()) {
                    return;
                }
                if (!keepGoing.getAsBoolean()) {
                    return;
                }
                sleepPolling(backoff);
                backoff = doubled(backoff);
            }
        } finally {
            flushing = false;
        }
    }

    private boolean tryWrite() {
        long started = System.nanoTime();
        int size = batch.size();
        try {
            int fresh = writer.write(batch);
            commit(batch.nextOffsets());
            inserts.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            batchSizes.record(size);
            inserted.increment(fresh);
            duplicates.increment(batch.events().size() - fresh);
            rejected.increment(batch.rejected().size());
            batch.clear();
            markAvailable("audit inserts work again");
            return true;
        } catch (AuditBatchWriter.AuditWriteException e) {
            if (databaseAvailable) {
                databaseAvailable = false;
                probeBackoff = FIRST_BACKOFF;
                nextProbeNanos = System.nanoTime();
                consumer.pause(consumer.assignment());
                log.warn("{}; consumption paused, position kept, retrying", e.getMessage());
            }
            return false;
        }
    }

    private void markAvailable(String why) {
        if (!databaseAvailable) {
            databaseAvailable = true;
            consumer.resume(consumer.paused());
            log.info("{}: consumption resumed", why);
        }
    }

    /**
     * With nothing to write there is no insert to retry, so the sink asks the database directly, at most once per
     * backoff (doubling up to {@link #MAX_BACKOFF}); polling between probes keeps the group membership.
     */
    private void probeIfDue() {
        long now = System.nanoTime();
        if (now - nextProbeNanos < 0) {
            return;
        }
        if (writer.answers()) {
            markAvailable("the database answers again");
            return;
        }
        nextProbeNanos = System.nanoTime() + probeBackoff.toNanos();
        probeBackoff = doubled(probeBackoff);
    }

    private static Duration doubled(Duration backoff) {
        Duration twice = backoff.multipliedBy(2);
        return twice.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : twice;
    }

    private void commit(Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets) {
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

    /** Waits while polling the paused consumer, which keeps the group membership alive. */
    private void sleepPolling(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline && !batch.isEmpty()) {
            try {
                consumer.poll(Duration.ofMillis(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))))
                        .forEach(this::add);
            } catch (WakeupException e) {
                return;
            }
        }
    }

    /**
     * Called during a rebalance: write the batch now if possible, else give it up so the next owner reads it (a kept
     * partition is rewound to the batch's first record). When this happens while the sink is still going through an
     * earlier poll's records (a flush polls), the rest of those records of the revoked and the rewound partitions are
     * dropped: the revoked ones belong to their new owner, the rewound ones will be read again — adding them would
     * commit past records that were given up.
     */
    private void settleBeforeRevocation(Collection<TopicPartition> revoked) {
        if (iterating != null) {
            stale.addAll(revoked);
        }
        if (batch.isEmpty()) {
            return;
        }
        // During an outage a write would only hold up the rebalance, up to DB_POOL_TIMEOUT, for nothing.
        if (!flushing && databaseAvailable && tryWrite()) {
            return;
        }
        Map<TopicPartition, Long> first = batch.firstOffsets();
        batch.clear();
        first.forEach((partition, offset) -> {
            if (!revoked.contains(partition) && consumer.assignment().contains(partition)) {
                long rewind = offset;
                if (iterating != null && !iterating.records(partition).isEmpty()) {
                    rewind = Math.min(
                            rewind, iterating.records(partition).getFirst().offset());
                    stale.add(partition);
                }
                consumer.seek(partition, rewind);
            }
        });
        log.info(
                "uncommitted audit records of {} given up in a rebalance: revoked partitions are read by their next"
                        + " owner, kept ones again by this one",
                first.keySet());
    }
}
