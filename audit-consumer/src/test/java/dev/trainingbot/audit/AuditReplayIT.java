package dev.trainingbot.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.testkit.kafka.TestKafka;
import dev.trainingbot.testkit.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replaying tg.audit into audit_log: exact, idempotent, bounded by time. */
class AuditReplayIT {

    private static final int EVENTS = 100_000;
    private static final Pattern PROGRESS = Pattern.compile("replay: (?<done>[\\d,]+) of (?<total>[\\d,]+) records"
            + " \\(\\d+%\\), [\\d,]+ records/s, lag (?<lag>[\\d,]+); (?<partitions>.+)");
    private static final Pattern PARTITION =
            Pattern.compile("partition \\d+ at (?<position>[\\d,]+) \\(lag (?<lag>[\\d,]+)\\)");
    private static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LATE = Instant.parse("2026-06-01T00:00:00Z");
    private static TestDatabase database;
    private static KafkaSettings kafka;
    private static AuditConsumerConfig config;

    @BeforeAll
    static void produce() {
        database = TestDatabase.create();
        try (var pool = dev.trainingbot.common.db.Database.pool(
                database.settings(), "replay-it", new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            dev.trainingbot.common.db.Database.migrate(pool);
        }
        kafka = TestKafka.newNamespace(1);
        config = AuditConsumerConfig.from(Env.of(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "KAFKA_TOPIC_PREFIX", kafka.topicPrefix(),
                "DATABASE_URL", database.url(),
                "AUDIT_BATCH_SIZE", "5000")));
        AuditEventCodec codec = new AuditEventCodec();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(KafkaClients.producer(kafka, "replay-it", java.time.Duration.ofSeconds(30)))) {
            for (int i = 0; i < EVENTS; i++) {
                // The first 90 % carry an early record time, the rest a late one, for the bounded replay.
                Instant time = i < EVENTS * 9 / 10 ? EARLY : LATE;
                AuditEvent event = AuditEvent.ofUpdate(
                        i, "update.message", 1L, (long) (i % 500), AuditOutcome.HANDLED, time, 10, Map.of());
                producer.send(new ProducerRecord<>(
                        kafka.topics().audit(),
                        null,
                        time.toEpochMilli(),
                        Long.toString(i % 500).getBytes(StandardCharsets.US_ASCII),
                        codec.encode(event)));
            }
        }
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @Test
    void replayingTheTopicIntoAnEmptyTableGivesEveryEventOnceAndAgainAddsNone() throws Exception {
        truncate();

        String first = replay("--from", "earliest");
        String second = replay("--from", "earliest");

        assertThat(count()).isEqualTo(EVENTS);
        assertThat(progress(first)).isNotEmpty().allSatisfy(AuditReplayIT::isConsistentProgress);
        assertThat(first).contains("replay done: 100,000 records read").contains("100,000 rows inserted");
        assertThat(second).contains("0 rows inserted, 100,000 already there");
        System.out.println(first.lines()
                .filter(line -> line.startsWith("replay done"))
                .findFirst()
                .orElseThrow());
    }

    @Test
    void aReplayFromATimeTakesOnlyTheLaterEvents() throws Exception {
        truncate();

        String output = replay("--from", LATE.minusSeconds(60).toString());

        assertThat(count()).isEqualTo(EVENTS / 10);
        assertThat(output).contains("10,000 rows inserted");
    }

    @Test
    void aReplayUpToAnOffsetStopsThere() throws Exception {
        truncate();

        String output = replay("--from", "1000", "--to", "1500");

        // The offsets apply to every partition of the topic.
        assertThat(count()).as(output).isEqualTo(500L * partitions());
    }

    @Test
    void wrongArgumentsGetTheUsage() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = AuditReplay.run(List.of("--from", "yesterday"), config, new PrintStream(out, true));

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).contains("'yesterday' is neither earliest").contains("usage: replay --from");
    }

    /** The progress lines of a replay's output, parsed. */
    private static List<Matcher> progress(String output) {
        return output.lines().map(PROGRESS::matcher).filter(Matcher::matches).toList();
    }

    /** Records done and the lag add up to the total, and the partitions' lags to the total lag. */
    private static void isConsistentProgress(Matcher line) {
        long done = number(line.group("done"));
        long lag = number(line.group("lag"));
        assertThat(done + lag).as(line.group()).isEqualTo(number(line.group("total")));
        Matcher partition = PARTITION.matcher(line.group("partitions"));
        long partitionLags = 0;
        int partitions = 0;
        while (partition.find()) {
            partitionLags += number(partition.group("lag"));
            partitions++;
        }
        assertThat(partitions).as(line.group()).isEqualTo(partitions());
        assertThat(partitionLags).as(line.group()).isEqualTo(lag);
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replaceAll("\\D", ""));
    }

    private static String replay(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Progress after every poll: the replay may take less than the two seconds between lines.
        int exit = AuditReplay.run(
                List.of(args), config, new PrintStream(out, true, StandardCharsets.UTF_8), Duration.ZERO);
        assertThat(exit).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int partitions() {
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(
                KafkaClients.consumer(kafka, "replay-it", kafka.group("replay-it")))) {
            return consumer.partitionsFor(kafka.topics().audit()).size();
        }
    }

    private static long count() throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM audit_log")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void truncate() throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE audit_log");
        }
    }
}
