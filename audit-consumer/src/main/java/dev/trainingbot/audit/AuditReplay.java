package dev.trainingbot.audit;

import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.KafkaClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code audit-consumer replay --from <ISO time | earliest | offset> [--to <ISO time | latest | offset>]}: reads
 * {@code tg.audit} again into {@code audit_log} — after a restore, to fill a gap — with its own consumer group
 * ({@code audit-replay}, never touching the live group's position), assigned every partition and positioned from the
 * arguments: a time finds each partition's first record at or after it, an offset applies to every partition. It
 * stops at {@code --to} (default: the end of each partition when the replay starts). The inserts are the live sink's,
 * idempotent by {@code event_id}, so replaying twice, or over rows that are there, adds nothing. Progress is printed
 * about every two seconds — records done, records/s, the total lag (records left before the replay's end) and each
 * partition's position and lag:
 *
 * <pre>
 * replay: 45,000 of 100,000 records (45%), 21,873 records/s, lag 55,000; partition 0 at 22,500 (lag 27,500),
 *     partition 1 at 22,500 (lag 27,500)
 * </pre>
 *
 * (one line), and a summary at the end.
 */
public final class AuditReplay {

    public static final String GROUP = "audit-replay";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    /** The range to replay, per the arguments. */
    record Range(Bound from, Bound to) {}

    /** A position in the topic: its start or end, a time, or an offset. */
    sealed interface Bound {
        record Edge() implements Bound {}

        record At(Instant time) implements Bound {}

        record Offset(long offset) implements Bound {}

        static Bound parse(String value, String edgeWord) {
            if (value.equals(edgeWord)) {
                return new Edge();
            }
            if (value.matches("\\d+")) {
                return new Offset(Long.parseLong(value));
            }
            try {
                return new At(Instant.parse(value));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is neither " + edgeWord
                        + ", an offset, nor an ISO-8601 time like 2026-11-24T10:00:00Z");
            }
        }
    }

    private AuditReplay() {}

    /** Parses the arguments after {@code replay}; throws with a usage message when they are wrong. */
    static Range parse(List<String> args) {
        Bound from = null;
        Bound to = new Bound.Edge();
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--from" -> from = Bound.parse(value, "earliest");
                case "--to" -> to = Bound.parse(value, "latest");
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (from == null) {
            throw new IllegalArgumentException("--from is required");
        }
        return new Range(from, to);
    }

    /** Runs a replay and prints to {@code out}; returns the exit code (0, or 2 for wrong arguments). */
    public static int run(List<String> args, AuditConsumerConfig config, PrintStream out) throws Exception {
        return run(args, config, out, PROGRESS_EVERY);
    }

    /** As {@link #run(List, AuditConsumerConfig, PrintStream)}, printing progress every {@code progressEvery}. */
    static int run(List<String> args, AuditConsumerConfig config, PrintStream out, Duration progressEvery)
            throws Exception {
        Range range;
        try {
            range = parse(args);
        } catch (IllegalArgumentException e) {
            out.println("replay: " + e.getMessage());
            out.println("usage: replay --from <ISO time | earliest | offset> [--to <ISO time | latest | offset>]");
            return 2;
        }
        SimpleMeterRegistry counts = new SimpleMeterRegistry();
        Map<String, Object> consumerConfig = KafkaClients.consumer(
                config.kafka(), "audit-replay", config.kafka().group(GROUP));
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(500, config.batchSize()));
        try (HikariDataSource database = Database.pool(config.database(), "audit-replay", counts);
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            Database.migrate(database);
            String topic = config.kafka().topics().audit();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = positions(consumer, partitions, range.from(), true);
            Map<TopicPartition, Long> end = positions(consumer, partitions, range.to(), false);
            start.forEach(consumer::seek);
            long total = partitions.stream()
                    .mapToLong(p -> Math.max(0, end.get(p) - start.get(p)))
                    .sum();
            out.printf(
                    "replay: %,d records of %s from %s to %s%n",
                    total, topic, describe(range.from()), describe(range.to()));
            AuditSink sink = new AuditSink(
                            consumer,
                            new AuditBatchWriter(database, Json.mapper()),
                            new AuditEventCodec(),
                            config.batchSize(),
                            config.batchMaxWait(),
                            counts)
                    .accepting(record ->
                            record.offset() < end.get(new TopicPartition(record.topic(), record.partition())));
            long started = System.nanoTime();
            long lastReport = started;
            long lastDone = 0;
            while (true) {
                long done = done(consumer, partitions, start, end);
                if (done >= total) {
                    break;
                }
                sink.pollOnce();
                long now = System.nanoTime();
                if (now - lastReport >= progressEvery.toNanos()) {
                    long current = done(consumer, partitions, start, end);
                    out.printf(
                            "replay: %,d of %,d records (%d%%), %,.0f records/s, lag %,d; %s%n",
                            current,
                            total,
                            total == 0 ? 100 : current * 100 / total,
                            (current - lastDone) * 1e9 / Math.max(1, now - lastReport),
                            total - current,
                            positions(consumer, partitions, start, end));
                    lastReport = now;
                    lastDone = current;
                }
            }
            sink.flush();
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(
                    "replay done: %,d records read in %.1f s (%,.0f records/s): %,d rows inserted, %,d already there,"
                            + " %,d rejected%n",
                    total,
                    seconds,
                    total / Math.max(seconds, 0.001),
                    (long) counted(counts, "inserted"),
                    (long) counted(counts, "duplicate"),
                    (long) counted(counts, "rejected"));
            return 0;
        }
    }

    private static Map<TopicPartition, Long> positions(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Bound bound, boolean start) {
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ending = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> positions = new HashMap<>();
        switch (bound) {
            case Bound.Edge edge -> partitions.forEach(p -> positions.put(p, start ? beginning.get(p) : ending.get(p)));
            case Bound.Offset offset ->
                partitions.forEach(p ->
                        positions.put(p, Math.max(beginning.get(p), Math.min(ending.get(p), offset.offset()))));
            case Bound.At at -> {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(p -> query.put(p, at.time().toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
                partitions.forEach(p -> positions.put(
                        p, found.get(p) == null ? ending.get(p) : found.get(p).offset()));
            }
        }
        return positions;
    }

    private static long done(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> end) {
        long done = 0;
        for (TopicPartition partition : partitions) {
            long position = Math.min(consumer.position(partition), end.get(partition));
            done += Math.max(0, position - start.get(partition));
        }
        return done;
    }

    /** {@code partition 0 at 22,500 (lag 27,500), partition 1 at …}: where each partition is, and what it has left. */
    private static String positions(
            KafkaConsumer<byte[], byte[]> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> end) {
        StringBuilder text = new StringBuilder();
        for (TopicPartition partition : partitions) {
            long position = Math.max(start.get(partition), Math.min(consumer.position(partition), end.get(partition)));
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(String.format(
                    "partition %d at %,d (lag %,d)",
                    partition.partition(), position, Math.max(0, end.get(partition) - position)));
        }
        return text.toString();
    }

    private static double counted(SimpleMeterRegistry counts, String outcome) {
        var counter = counts.find("audit.events").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String describe(Bound bound) {
        return switch (bound) {
            case Bound.Edge edge -> "the edge";
            case Bound.At at -> at.time().toString();
            case Bound.Offset offset -> "offset " + offset.offset();
        };
    }
}
