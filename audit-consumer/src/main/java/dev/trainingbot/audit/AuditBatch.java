package dev.trainingbot.audit;

import dev.trainingbot.common.audit.AuditEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Records of {@code tg.audit} gathered for one insert: the decoded events, the records that are not events (kept in
 * {@code audit_log_rejected}), and per partition the offset range they came from, which is committed once the batch
 * is in the database.
 */
final class AuditBatch {

    /** A record of {@code tg.audit} that is not an audit event. */
    record Rejected(String topic, int partition, long offset, byte[] payload, String error) {}

    private final List<AuditEvent> events = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private final Map<TopicPartition, long[]> ranges = new HashMap<>();
    private long firstAddedNanos;

    void add(TopicPartition partition, long offset, AuditEvent event) {
        track(partition, offset);
        events.add(event);
    }

    void reject(TopicPartition partition, long offset, byte[] payload, String error) {
        track(partition, offset);
        rejected.add(new Rejected(partition.topic(), partition.partition(), offset, payload, error));
    }

    private void track(TopicPartition partition, long offset) {
        if (isEmpty()) {
            firstAddedNanos = System.nanoTime();
        }
        ranges.compute(
                partition,
                (p, range) -> range == null
                        ? new long[] {offset, offset}
                        : new long[] {Math.min(range[0], offset), Math.max(range[1], offset)});
    }

    List<AuditEvent> events() {
        return events;
    }

    List<Rejected> rejected() {
        return rejected;
    }

    int size() {
        return events.size() + rejected.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** Nanoseconds since the batch's first record, 0 when empty. */
    long ageNanos() {
        return isEmpty() ? 0 : System.nanoTime() - firstAddedNanos;
    }

    /** The offsets to commit once the batch is written: one past the highest of each partition. */
    Map<TopicPartition, OffsetAndMetadata> nextOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        ranges.forEach((partition, range) -> offsets.put(partition, new OffsetAndMetadata(range[1] + 1)));
        return offsets;
    }

    /** The first offset of each partition, to rewind to when the batch is given up. */
    Map<TopicPartition, Long> firstOffsets() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        ranges.forEach((partition, range) -> offsets.put(partition, range[0]));
        return offsets;
    }

    /** {@code partition=3, offsets=1200..1699; partition=5, …}, for errors. */
    String describe() {
        StringBuilder text = new StringBuilder();
        ranges.forEach((partition, range) -> {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append("partition=")
                    .append(partition.partition())
                    .append(", offsets=")
                    .append(range[0])
                    .append("..")
                    .append(range[1]);
        });
        return text.toString();
    }

    void clear() {
        events.clear();
        rejected.clear();
        ranges.clear();
    }
}
