package dev.trainingbot.worker.audit;

import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts audit events on {@code tg.audit}, keyed by chat, without waiting: the returned future completes when Kafka
 * acknowledged the event. The consumer loop commits an update's offset only after that, so no audit event of a
 * committed update can be lost; a handler never waits for the audit sink, let alone for PostgreSQL.
 */
public final class AuditPublisher {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AuditEventCodec codec;

    public AuditPublisher(Producer<byte[], byte[]> producer, String topic, AuditEventCodec codec) {
        this.producer = producer;
        this.topic = topic;
        this.codec = codec;
    }

    public CompletableFuture<Void> publish(AuditEvent event) {
        byte[] key =
                event.chatId() == null ? null : Long.toString(event.chatId()).getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, key, codec.encode(event)), (metadata, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }
}
