package dev.trainingbot.worker.pipeline;

import dev.trainingbot.common.kafka.ChatKey;
import java.util.OptionalLong;

/**
 * A record of {@code tg.updates} as the worker received it.
 *
 * @param receivedAtMillis when the ingress received the update ({@code received-at} header; for a record without it,
 *     the record's timestamp), if known
 */
public record InboundRecord(
        String topic, int partition, long offset, ChatKey key, byte[] value, OptionalLong receivedAtMillis) {

    /** {@code topic-partition@offset}, for logs and errors. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
