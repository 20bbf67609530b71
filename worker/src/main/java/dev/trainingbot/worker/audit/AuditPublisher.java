package dev.trainingbot.worker.audit;

import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.pipeline.UpdateContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
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

    /**
     * An event of its own about what {@code context}'s update did (a ban, a lift, an enrolment), under the same id on
     * every attempt at the update, published before the update's offset is committed.
     *
     * @param userId whom the event is about (the update's user, or the one an admin acted on)
     */
    public void publishBeforeCommit(
            UpdateContext context,
            String type,
            long userId,
            AuditOutcome outcome,
            Map<String, Object> details,
            Instant at) {
        AuditEvent event = new AuditEvent(
                AuditEvent.idFor(type, Long.toString(context.updateId())),
                at,
                type,
                userId,
                context.chatId(),
                context.updateId(),
                outcome,
                0,
                details);
        context.awaitBeforeCommit(type + " audit event", () -> publish(event));
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
