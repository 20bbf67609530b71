package dev.trainingbot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.metrics.Metrics;
import dev.trainingbot.testkit.kafka.TestKafka;
import dev.trainingbot.testkit.postgres.TestDatabase;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit sink against the real broker and PostgreSQL: batches, idempotence, rejects, and a database outage. */
class AuditConsumerIT {

    private static final AtomicLong updates = new AtomicLong(1);
    private final AuditEventCodec codec = new AuditEventCodec();
    private TestDatabase database;
    private KafkaSettings kafka;
    private AuditConsumer consumer;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.create();
        kafka = TestKafka.newNamespace(1);
        consumer = AuditConsumer.start(
                AuditConsumerConfig.from(Env.of(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "KAFKA_TOPIC_PREFIX", kafka.topicPrefix(),
                        "DATABASE_URL", database.url(),
                        "DB_POOL_SIZE", "1",
                        "DB_POOL_TIMEOUT", "2",
                        "AUDIT_BATCH_SIZE", "100",
                        "AUDIT_BATCH_MAX_WAIT_MS", "50",
                        "HTTP_PORT", "0"))),
                Metrics.prometheus("audit-consumer"));
        producer = new KafkaProducer<>(KafkaClients.producer(kafka, "audit-it", Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() {
        producer.close();
        consumer.close();
        database.restoreConnections();
        database.close();
    }

    @Test
    void eventsLandOnceEachWhateverTimesTheyAreDelivered() throws Exception {
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
        send("{not json".getBytes(StandardCharsets.UTF_8));
        AuditEvent after = event();
        send(codec.encode(after));
        producer.flush();

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM audit_log") == 1);
        assertThat(count("SELECT count(*) FROM audit_log_rejected WHERE error LIKE 'not an audit event%'"))
                .isEqualTo(1);
    }

    @Test
    void aDatabaseOutagePausesTheSinkWhichLosesNothingAndResumes() throws Exception {
        send(codec.encode(event()));
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM audit_log") == 1);

        database.refuseConnections();
        for (int i = 0; i < 500; i++) {
            send(codec.encode(event()));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> readyz().statusCode() == 503);
        assertThat(readyz().body()).contains("✗");
        // The outage lasts; the minute is -Daudit.outage.seconds=60.
        Duration outage = Duration.ofSeconds(Long.getLong("audit.outage.seconds", 3));
        await().pollDelay(outage).atMost(outage.plusSeconds(5)).until(() -> true);
        database.restoreConnections();

        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM audit_log") == 501);
        await().atMost(Duration.ofSeconds(30)).until(() -> readyz().statusCode() == 200);
    }

    private AuditEvent event() {
        return AuditEvent.ofUpdate(
                updates.getAndIncrement(),
                "update.message",
                1L,
                1L,
                AuditOutcome.HANDLED,
                Instant.now(),
                100,
                Map.of("handler", "test"));
    }

    private void send(byte[] value) {
        producer.send(new ProducerRecord<>(kafka.topics().audit(), "1".getBytes(StandardCharsets.US_ASCII), value));
    }

    private HttpResponse<String> readyz() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consumer.port() + "/readyz"))
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
