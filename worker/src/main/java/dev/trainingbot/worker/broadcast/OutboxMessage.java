package dev.trainingbot.worker.broadcast;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A record of {@code tg.outbox}, keyed by chat id: one message of a broadcast, or one reminder, to one chat.
 * Self-contained, so a record is delivered even if the broadcast's counters in Redis are gone.
 *
 * @param broadcast the broadcast's id; null for a reminder
 * @param parseMode {@code HTML}
 * @param reminder the reminder's id in {@code reminders}; null for a broadcast
 * @param traffic what kind of traffic the message is, {@link #BROADCAST} or {@link #REMINDER}: both wait behind
 *     replies under the shared flood limits; records written before the field existed are broadcasts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutboxMessage(
        @JsonProperty("broadcast") String broadcast,
        @JsonProperty("chat_id") long chatId,
        @JsonProperty("text") String text,
        @JsonProperty("parse_mode") String parseMode,
        @JsonProperty("reminder") Long reminder,
        @JsonProperty("traffic") String traffic) {

    public static final String BROADCAST = "broadcast";
    public static final String REMINDER = "reminder";

    public OutboxMessage {
        if (traffic == null) {
            traffic = reminder == null ? BROADCAST : REMINDER;
        }
    }

    /** One message of broadcast {@code broadcast}. */
    public OutboxMessage(String broadcast, long chatId, String text, String parseMode) {
        this(broadcast, chatId, text, parseMode, null, BROADCAST);
    }

    /** Reminder {@code reminder}: its row holds what to send and what came of it. */
    public static OutboxMessage reminder(long reminder, long chatId, String text) {
        return new OutboxMessage(null, chatId, text, "HTML", reminder, REMINDER);
    }
}
