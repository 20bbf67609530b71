package dev.trainingbot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.metrics.Metrics;
import dev.trainingbot.testkit.kafka.TestKafka;
import dev.trainingbot.testkit.postgres.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit sink against the real broker and PostgreSQL: batches, idempotence, rejects, an event PostgreSQL refuses, a
 * database outage and a read-only database, a rebalance during an outage, and a stop during one.
 */
class AuditConsumerIT {

    private static final AtomicLong updates = new AtomicLong(1);
    /** A time Java holds and PostgreSQL's timestamptz cannot (its range ends in 294276 AD). */
    private static final Instant BEYOND_POSTGRES = Instant.parse("+300000-01-01T00:00:00Z");

    private final AuditEventCodec codec = new AuditEventCodec();
    private final List<AuditConsumer> consumers = new ArrayList<>();
    private TestDatabase database;
    private KafkaSettings kafka;
    private AuditConsumer consumer;
    private KafkaProducer<byte[], byte[]> producer;
    private Admin admin;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        kafka = TestKafka.newNamespace(1);
        producer = new KafkaProducer<>(KafkaClients.producer(kafka, "audit-it", Duration.ofSeconds(10)));
        admin = Admin.create(KafkaClients.admin(kafka, "audit-it-admin"));
    }

    @AfterEach
    void stop() {
        producer.close();
        admin.close();
        database.restoreConnections();
        consumers.forEach(AuditConsumer::close);
        database.close();
    }

    @Test
    void eventsLandOnceEachWhateverTimesTheyAreDelivered() throws Exception {
        consumer = startConsumer(Map.of("DB_POOL_TIMEOUT", "2"));
        for (int i = 0; i < 1_000; i++) {
            AuditEvent event = event();
            send(codec.encode(event));
            if (i % 10 == 0) {
                send(codec.encode(event));
            }
        }
        producer.flush();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM audit_log") == 1_000);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(count("SELECT count(*) FROM audit_log")).isEqualTo(1_000);
    }

    @Test
    void aRecordThatIsNotAnEventIsKeptAsRejectedAndDoesNotStopTheRest() throws Exception {
        consumer = startConsumer(Map.of("DB_POOL_TIMEOUT", "2"));
        send("{not json".getBytes(StandardCharsets.UTF_8));
        AuditEvent after = event();
        send(codec.encode(after));
        producer.flush();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM audit_log") == 1);
        assertThat(count("SELECT count(*) FROM audit_log_rejected WHERE error LIKE 'not an audit event%'"))
                .isEqualTo(1);
    }

    @Test
    void anEventPostgresRefusesIsQuarantinedWhileEveryOtherIsWrittenAndTheSinkCarriesOn() throws Exception {
        consumer = startConsumer(Map.of("DB_POOL_TIMEOUT", "2"));
        List<AuditEvent> good = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            good.add(event());
        }
        good.forEach(e -> send(codec.encode(e)));
        AuditEvent poison = eventAt(BEYOND_POSTGRES);
        byte[] poisonBytes = codec.encode(poison);
        send(poisonBytes);
        for (int i = 0; i < 30; i++) {
            AuditEvent after = event();
            good.add(after);
            send(codec.encode(after));
        }
        producer.flush();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM audit_log") == 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed().equals(endOffsets()));
        assertThat(count("SELECT count(*) FROM audit_log WHERE event_id = '" + poison.eventId() + "'"))
                .isZero();
        assertThat(rejectedPayload(poison)).isEqualTo(poisonBytes);
        assertThat(count("SELECT count(*) FROM audit_log_rejected WHERE sqlstate LIKE '22%'"))
                .isEqualTo(1);
        assertThat(counter(consumer, "audit_events_total", "rejected")).isEqualTo(1);
        assertThat(databaseAvailable(consumer)).isEqualTo(1);

        // The sink carries on: later events are written as before.
        AuditEvent later = event();
        send(codec.encode(later));
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM audit_log") == 61);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed().equals(endOffsets()));
    }

    /**
     * Right after a failover a connection can reach the old primary, now a read-only standby: PostgreSQL refuses every
     * write with 25006. That is an outage, not bad data: the sink pauses and writes everything once writes work again.
     */
    @Test
    void aDatabaseThatTurnsReadOnlyPausesTheSinkAndQuarantinesNothing() throws Exception {
        consumer = startConsumer(Map.of("DB_POOL_TIMEOUT", "2"));
        send(codec.encode(event()));
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM audit_log") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed().equals(endOffsets()));
        Map<TopicPartition, Long> before = committed();

        database.readOnly(true);
        for (int i = 0; i < 50; i++) {
            send(codec.encode(event()));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> databaseAvailable(consumer) == 0);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> committed().equals(before) && count("SELECT count(*) FROM audit_log_rejected") == 0);
        database.readOnly(false);

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM audit_log") == 51);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed().equals(endOffsets()));
        assertThat(count("SELECT count(*) FROM audit_log_rejected")).isZero();
        assertThat(databaseAvailable(consumer)).isEqualTo(1);
    }

    /**
     * The minute without PostgreSQL, with the default {@code DB_POOL_TIMEOUT} (30 s), so every insert waits
     * for a connection as it would in production. {@code -Daudit.outage.seconds=N} shortens the outage locally; it
     * still lasts until the sink has paused, which takes up to the pool timeout.
     */
    @Test
    void aDatabaseOutagePausesTheSinkWhichKeepsItsPositionLosesNothingAndResumes() throws Exception {
        consumer = startConsumer(Map.of());
        send(codec.encode(event()));
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM audit_log") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed().equals(endOffsets()));
        Map<TopicPartition, Long> before = committed();

        long outageStarted = System.nanoTime();
        database.refuseConnections();
        for (int i = 0; i < 500; i++) {
            send(codec.encode(event()));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(90)).until(() -> databaseAvailable(consumer) == 0);
        HttpResponse<String> ready = readyz(consumer);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("✗ Audit sink");
        Duration outage = Duration.ofSeconds(Long.getLong("audit.outage.seconds", 60));
        Duration rest = outage.minusNanos(System.nanoTime() - outageStarted);
        Duration held = rest.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : rest;
        await().during(held)
                .atMost(held.plusSeconds(10))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> databaseAvailable(consumer) == 0 && committed().equals(before));
        database.restoreConnections();

        await().atMost(Duration.ofSeconds(90)).until(() -> count("SELECT count(*) FROM audit_log") == 501);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed().equals(endOffsets()));
        assertThat(databaseAvailable(consumer)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> readyz(consumer).statusCode() == 200);
        assertThat(count("SELECT count(DISTINCT event_id) FROM audit_log")).isEqualTo(501);
        // Refused connections and terminated sessions (08xxx, 57P01) are an outage: nothing was quarantined.
        assertThat(count("SELECT count(*) FROM audit_log_rejected")).isZero();
    }

    @Test
    void aRebalanceDuringAnOutageLeavesNoSinkPausedAndEveryEventLandsOnce() throws Exception {
        AuditConsumer first = startConsumer(Map.of("DB_POOL_TIMEOUT", "2"));
        for (int partition : partitions()) {
            send(partition, codec.encode(event()));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        count("SELECT count(*) FROM audit_log") == partitions().size());

        database.refuseConnections();
        int during = 400;
        for (int i = 0; i < during; i++) {
            send(partitions().get(i % partitions().size()), codec.encode(event()));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> databaseAvailable(first) == 0);
        // A second member joins and takes a partition from the first, which gives up the batch it could not write.
        try (SecondSink second = new SecondSink()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> !second.sink.databaseAvailable());
            database.restoreConnections();

            long expected = partitions().size() + during;
            await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM audit_log") == expected);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> databaseAvailable(first) == 1 && second.sink.databaseAvailable());
            await().atMost(Duration.ofSeconds(30)).until(() -> committed().equals(endOffsets()));
            assertThat(count("SELECT count(DISTINCT event_id) FROM audit_log")).isEqualTo(expected);
            assertThat(count("SELECT count(*) FROM audit_log_rejected")).isZero();
        }
    }

    /**
     * Another sink of the group, wired as {@link AuditConsumer} wires its own but able to start while the database is
     * down (the service's start-up migrates the schema first, so a replica started during an outage waits for it).
     */
    private final class SecondSink implements AutoCloseable {
        final HikariDataSource pool;
        final KafkaConsumer<byte[], byte[]> kafkaConsumer;
        final AuditSink sink;
        final Thread thread;
        volatile boolean running = true;

        SecondSink() {
            HikariConfig config = database.settings().hikariConfig("second-sink");
            config.setConnectionTimeout(2_000);
            config.setInitializationFailTimeout(-1);
            pool = new HikariDataSource(config);
            kafkaConsumer =
                    new KafkaConsumer<>(KafkaClients.consumer(kafka, "second-sink", kafka.group(AuditConsumer.GROUP)));
            sink = new AuditSink(
                    kafkaConsumer,
                    new AuditBatchWriter(pool, Json.mapper()),
                    codec,
                    100,
                    Duration.ofMillis(50),
                    new SimpleMeterRegistry());
            thread = Thread.ofPlatform().name("second-sink").start(() -> {
                sink.subscribe(kafka.topics().audit());
                try {
                    sink.run(() -> running);
                } finally {
                    kafkaConsumer.close(Duration.ofSeconds(5));
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            kafkaConsumer.wakeup();
            thread.join(Duration.ofSeconds(30));
            pool.close();
        }
    }

    @Test
    void stoppingDuringAnOutageReturnsPromptlyAndCommitsNothingUnwritten() throws Exception {
        consumer = startConsumer(Map.of());
        send(codec.encode(event()));
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> committed().equals(endOffsets()));
        Map<TopicPartition, Long> before = committed();
        database.refuseConnections();
        for (int i = 0; i < 100; i++) {
            send(codec.encode(event()));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(90)).until(() -> databaseAvailable(consumer) == 0);
        // The sink's retry now waits for a connection, up to the default DB_POOL_TIMEOUT of 30 s.
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge(consumer, "hikaricp_connections_pending") >= 1);

        long started = System.nanoTime();
        consumer.close();
        consumers.remove(consumer);
        Duration stopping = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stopping).isLessThan(Duration.ofSeconds(10));
        assertThat(committed()).isEqualTo(before);
        database.restoreConnections();
        startConsumer(Map.of("DB_POOL_TIMEOUT", "2"));
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM audit_log") == 101);
    }

    private AuditConsumer startConsumer(Map<String, String> overrides) throws Exception {
        Map<String, String> variables = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "KAFKA_TOPIC_PREFIX", kafka.topicPrefix(),
                "DATABASE_URL", database.url(),
                "DB_POOL_SIZE", "1",
                "AUDIT_BATCH_SIZE", "100",
                "AUDIT_BATCH_MAX_WAIT_MS", "50",
                "HTTP_PORT", "0"));
        variables.putAll(overrides);
        AuditConsumer started =
                AuditConsumer.start(AuditConsumerConfig.from(Env.of(variables)), Metrics.prometheus("audit-consumer"));
        consumers.add(started);
        return started;
    }

    private AuditEvent event() {
        return eventAt(Instant.now());
    }

    private AuditEvent eventAt(Instant ts) {
        return AuditEvent.ofUpdate(
                updates.getAndIncrement(),
                "update.message",
                1L,
                1L,
                AuditOutcome.HANDLED,
                ts,
                100,
                Map.of("handler", "test"));
    }

    private byte[] rejectedPayload(AuditEvent event) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT payload FROM audit_log_rejected WHERE event_id = '" + event.eventId() + "'")) {
            assertThat(rows.next())
                    .as("a quarantined row for " + event.eventId())
                    .isTrue();
            return rows.getBytes(1);
        }
    }

    private void send(byte[] value) {
        producer.send(new ProducerRecord<>(kafka.topics().audit(), "1".getBytes(StandardCharsets.US_ASCII), value));
    }

    private void send(int partition, byte[] value) {
        producer.send(new ProducerRecord<>(
                kafka.topics().audit(), partition, "1".getBytes(StandardCharsets.US_ASCII), value));
    }

    private List<Integer> partitions() {
        return producer.partitionsFor(kafka.topics().audit()).stream()
                .map(PartitionInfo::partition)
                .sorted()
                .toList();
    }

    /** The audit group's committed offsets, by partition. */
    private Map<TopicPartition, Long> committed() throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets(kafka.group(AuditConsumer.GROUP))
                .partitionsToOffsetAndMetadata()
                .get()
                .forEach((partition, offset) -> {
                    if (offset != null) {
                        offsets.put(partition, offset.offset());
                    }
                });
        return offsets;
    }

    /** The end offset of every partition of the audit topic that holds records. */
    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions().forEach(p -> latest.put(new TopicPartition(kafka.topics().audit(), p), OffsetSpec.latest()));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((partition, info) -> {
            if (info.offset() > 0) {
                offsets.put(partition, info.offset());
            }
        });
        return offsets;
    }

    /** The {@code audit_database_available} gauge on the consumer's {@code /metrics}. */
    private static double databaseAvailable(AuditConsumer consumer) throws Exception {
        return gauge(consumer, "audit_database_available");
    }

    /** The {@code outcome} series of counter {@code name} on the consumer's {@code /metrics}. */
    private static double counter(AuditConsumer consumer, String name, String outcome) throws Exception {
        String metrics = get(consumer, "/metrics").body();
        Matcher counter = Pattern.compile(
                        "^" + name + "\\{[^}]*outcome=\"" + outcome + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertThat(counter.find()).as(name + " " + outcome + " in " + metrics).isTrue();
        return Double.parseDouble(counter.group(1));
    }

    /** The value of the first series of {@code name} on the consumer's {@code /metrics}. */
    private static double gauge(AuditConsumer consumer, String name) throws Exception {
        String metrics = get(consumer, "/metrics").body();
        Matcher gauge = Pattern.compile("^" + name + "(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertThat(gauge.find()).as(name + " in " + metrics).isTrue();
        return Double.parseDouble(gauge.group(1));
    }

    private static HttpResponse<String> readyz(AuditConsumer consumer) throws Exception {
        return get(consumer, "/readyz");
    }

    private static HttpResponse<String> get(AuditConsumer consumer, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consumer.port() + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private long count(String sql) {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
