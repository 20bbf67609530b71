package dev.trainingbot.worker.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.common.kafka.RecordHeaders;
import dev.trainingbot.common.logging.LogMasking;
import dev.trainingbot.worker.pipeline.InboundRecord;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Puts an update that could not be handled on {@code tg.updates.dlq}: the original key and bytes, its original
 * headers, and {@code error-class}, {@code error-message} (masked, at most 1,000 characters), {@code attempts},
 * {@code source-topic}, {@code source-partition} and {@code source-offset}, so that an operator can see why and drain
 * it back into {@code tg.updates} once fixed.
 *
 * <p>An update that carried a secret (the admin password) goes with its message text replaced and the header
 * {@code redacted} naming what was: the dead-letter topic is read by operators and kept for long, and a password
 * attempt is not one to replay.
 */
final class DeadLetterPublisher {

    private static final int MAX_MESSAGE = 1_000;
    private static final String REDACTED_TEXT = "[redacted]";
    private static final ObjectMapper JSON = Json.mapper();

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    CompletableFuture<Void> publish(
            InboundRecord record, Iterable<Header> originalHeaders, Throwable error, int attempts, boolean secret) {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(
                topic, record.key().toBytes(), secret ? withoutMessageText(record.value()) : record.value());
        for (Header header : originalHeaders) {
            dead.headers().add(header);
        }
        if (secret) {
            dead.headers().add(RecordHeaders.REDACTED, RecordHeaders.text("message.text"));
        }
        String message = LogMasking.mask(String.valueOf(error.getMessage()));
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE);
        }
        dead.headers()
                .add(
                        RecordHeaders.ERROR_CLASS,
                        RecordHeaders.text(error.getClass().getName()))
                .add(RecordHeaders.ERROR_MESSAGE, RecordHeaders.text(message))
                .add(RecordHeaders.ATTEMPTS, RecordHeaders.text(Integer.toString(attempts)))
                .add(RecordHeaders.SOURCE_TOPIC, RecordHeaders.text(record.topic()))
                .add(RecordHeaders.SOURCE_PARTITION, RecordHeaders.text(Integer.toString(record.partition())))
                .add(RecordHeaders.SOURCE_OFFSET, RecordHeaders.text(Long.toString(record.offset())));
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(dead, (metadata, failure) -> {
                if (failure == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    /** The update with its message's text replaced; an update that is not a JSON object keeps none of its bytes. */
    static byte[] withoutMessageText(byte[] update) {
        try {
            if (JSON.readTree(update) instanceof ObjectNode root) {
                if (root.get("message") instanceof ObjectNode message && message.has("text")) {
                    message.put("text", REDACTED_TEXT);
                }
                return JSON.writeValueAsBytes(root);
            }
        } catch (IOException e) {
            // Not JSON: nothing of it can be kept safely.
        }
        return RecordHeaders.text("{}");
    }
}
