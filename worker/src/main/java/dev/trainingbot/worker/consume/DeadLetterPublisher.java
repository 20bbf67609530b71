package dev.trainingbot.worker.consume;

import dev.trainingbot.common.kafka.RecordHeaders;
import dev.trainingbot.common.logging.LogMasking;
import dev.trainingbot.worker.pipeline.InboundRecord;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Puts an update that could not be handled on {@code tg.updates.dlq}: the original key and bytes, its original
 * headers, and {@code error-class}, {@code error-message} (masked, at most 1,000 characters), {@code attempts},
 * {@code source-topic}, {@code source-partition} and {@code source-offset}, so that an operator can see why and drain
 * it back into {@code tg.updates} once fixed.
 */
final class DeadLetterPublisher {

    private static final int MAX_MESSAGE = 1_000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    CompletableFuture<Void> publish(
            InboundRecord record, Iterable<Header> originalHeaders, Throwable error, int attempts) {
        ProducerRecord<byte[], byte[]> dead =
                new ProducerRecord<>(topic, record.key().toBytes(), record.value());
        for (Header header : originalHeaders) {
            dead.headers().add(header);
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
}
