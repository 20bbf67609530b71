package dev.trainingbot.worker.broadcast;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A record of {@code tg.outbox}, keyed by chat id: one message of a broadcast to one chat. Self-contained, so a
 * record is delivered even if the broadcast's counters in Redis are gone.
 *
 * @param broadcast the broadcast's id
 * @param parseMode {@code HTML}
 */
public record OutboxMessage(
        @JsonProperty("broadcast") String broadcast,
        @JsonProperty("chat_id") long chatId,
        @JsonProperty("text") String text,
        @JsonProperty("parse_mode") String parseMode) {}
