package dev.trainingbot.ingress;

import dev.trainingbot.common.kafka.RecordHeaders;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Puts raw updates on {@code tg.updates}, keyed by chat, with the {@code received-at} header, and waits for the
 * cluster's acknowledgement (the producer is idempotent with {@code acks=all}).
 *
 * <p>An update is accepted only when {@link #publish} returns: a caller that answers Telegram 200 after it has
 * handed the update to Kafka for good. When the acknowledgement does not come within the timeout the caller answers
 * 503 and Telegram retries; should the late record land after all, the worker's dedupe by {@code update_id} absorbs
 * the second copy.
 */
public final class UpdatePublisher {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration ackTimeout;
    private final InstantSource clock;

    public UpdatePublisher(Producer<byte[], byte[]> producer, String topic, Duration ackTimeout, InstantSource clock) {
        this.producer = producer;
        this.topic = topic;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
    }

    /** One update; returns once Kafka acknowledged it. */
    public RecordMetadata publish(InspectedUpdate update, byte[] raw)
            throws UnavailableException, InterruptedException {
        return await(send(update, raw), update.updateId());
    }

    /**
     * A batch, in order (the producer keeps the order of records of one partition); returns once Kafka acknowledged
     * every one of them.
     */
    public void publishAll(List<InspectedUpdate> updates, List<byte[]> raws)
            throws UnavailableException, InterruptedException {
        List<CompletableFuture<RecordMetadata>> sent = new java.util.ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            sent.add(send(updates.get(i), raws.get(i)));
        }
        for (int i = 0; i < sent.size(); i++) {
            await(sent.get(i), updates.get(i).updateId());
        }
    }

    private CompletableFuture<RecordMetadata> send(InspectedUpdate update, byte[] raw) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, update.key().toBytes(), raw);
        record.headers().add(RecordHeaders.RECEIVED_AT, RecordHeaders.longValue(clock.millis()));
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    acked.complete(metadata);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when metadata cannot be fetched within max.block.ms (cluster unreachable).
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private RecordMetadata await(CompletableFuture<RecordMetadata> acked, long updateId)
            throws UnavailableException, InterruptedException {
        try {
            return acked.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UnavailableException(
                    "Kafka did not acknowledge update " + updateId + " within " + ackTimeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new UnavailableException(
                    "Kafka refused update " + updateId + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Kafka did not take the update; the caller must not acknowledge it to Telegram. */
    public static final class UnavailableException extends Exception {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
