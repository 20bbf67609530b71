package dev.trainingbot.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trainingbot.common.config.Env;
import dev.trainingbot.common.config.KafkaSettings;
import dev.trainingbot.common.kafka.KafkaClients;
import dev.trainingbot.common.kafka.RecordHeaders;
import dev.trainingbot.common.metrics.Metrics;
import dev.trainingbot.testkit.kafka.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook against the real broker: what Telegram gets back, and what reaches {@code tg.updates} — the raw bytes,
 * keyed by chat — or, for every refused request, nothing at all.
 */
class IngressWebhookIT {

    private static final String SECRET = "s3cret_token-for-tests";
    private static KafkaSettings kafka;
    private static Ingress ingress;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.newNamespace(1);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KAFKA_TOPIC_PREFIX", kafka.topicPrefix());
        env.put("BOT_TOKEN", "123456:AAEingressTestToken");
        env.put("INGRESS_MODE", "webhook");
        env.put("WEBHOOK_SECRET", SECRET);
        env.put("HTTP_PORT", "0");
        env.put("INGRESS_MAX_BODY_BYTES", "2048");
        ingress = Ingress.start(IngressConfig.from(Env.of(env)), Metrics.prometheus("ingress"));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        http.close();
        ingress.close();
    }

    @Test
    void anUpdateIsAcknowledgedAfterItsExactBytesAreOnKafkaKeyedByChat() throws Exception {
        String update = "{ \"update_id\": 1001, \"message\": {\"chat\": {\"id\": 4242}, \"text\": \"привет\"} }";
        long before = endOffset();

        assertThat(post(update, SECRET).statusCode()).isEqualTo(200);

        ConsumerRecord<byte[], byte[]> record = readAfter(before - 1).getFirst();
        assertThat(new String(record.key(), StandardCharsets.US_ASCII)).isEqualTo("4242");
        assertThat(record.value()).isEqualTo(update.getBytes(StandardCharsets.UTF_8));
        assertThat(RecordHeaders.readLong(record.headers(), RecordHeaders.RECEIVED_AT))
                .isPresent();
    }

    @Test
    void refusedRequestsGetTheirStatusAndPutNothingOnKafka() throws Exception {
        long before = endOffset();
        String valid = "{\"update_id\":1,\"message\":{\"chat\":{\"id\":1}}}";

        assertThat(post(valid, "wrong-secret").statusCode()).isEqualTo(401);
        assertThat(post(valid, null).statusCode()).isEqualTo(401);
        assertThat(post("{\"update_id\":1,", SECRET).statusCode()).isEqualTo(400);
        assertThat(post("{\"update_id\":2,\"message\":{\"chat\":{\"id\":1}}} and more", SECRET)
                        .statusCode())
                .isEqualTo(400);
        assertThat(post(
                                "{\"update_id\":3,\"message\":{\"chat\":{\"id\":1},\"text\":\"" + "x".repeat(3000)
                                        + "\"}}",
                                SECRET)
                        .statusCode())
                .isEqualTo(413);
        HttpResponse<String> get =
                http.send(HttpRequest.newBuilder(webhook()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);

        // A marker after the refusals is the very next record: none of them was produced.
        assertThat(post("{\"update_id\":99,\"message\":{\"chat\":{\"id\":9}}}", SECRET)
                        .statusCode())
                .isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> after = readAfter(before - 1);
        assertThat(after).hasSize(1);
        assertThat(new String(after.getFirst().value(), StandardCharsets.UTF_8)).contains("\"update_id\":99");
    }

    @Test
    void anOversizedBodyIsRefusedEvenWhenItsLengthIsNotDeclared() throws Exception {
        long before = endOffset();
        HttpRequest chunked = HttpRequest.newBuilder(webhook())
                .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        ("{\"update_id\":4,\"message\":{\"chat\":{\"id\":1},\"text\":\"" + "y".repeat(5000) + "\"}}")
                                .getBytes(StandardCharsets.UTF_8))))
                .build();

        assertThat(http.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(413);
        assertThat(endOffset()).isEqualTo(before);
    }

    @Test
    void readinessReportsKafka() throws Exception {
        HttpResponse<String> ready = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + "/readyz"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body())
                .contains("✓ Kafka: Kafka OK")
                .contains(kafka.topics().updates());
    }

    private static HttpResponse<String> post(String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI webhook() {
        return URI.create("http://127.0.0.1:" + ingress.port() + "/webhook");
    }

    private static long endOffset() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(kafka.topics().updates(), 0);
            return consumer.endOffsets(List.of(partition)).get(partition);
        }
    }

    /** The records of tg.updates after {@code offset}, once at least one is there. */
    private static List<ConsumerRecord<byte[], byte[]>> readAfter(long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(kafka.topics().updates(), 0);
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset + 1);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            // Whatever else is already there arrives with a short extra poll.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            return records;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(KafkaClients.consumer(kafka, "ingress-it-reader", kafka.group("ingress-it-reader")));
    }
}
