package dev.trainingbot.testkit.telegram;

import java.time.Instant;

/** One thing that happened in a chat, in the order it happened. */
public sealed interface TranscriptEvent {

    Instant at();

    /** The user sent a message or pressed a button (the update id Telegram gave it). */
    record UserSent(Instant at, long updateId, int messageId, String text) implements TranscriptEvent {}

    record UserPressed(Instant at, long updateId, String callbackQueryId, int messageId, String data)
            implements TranscriptEvent {}

    /** The bot sent a message. */
    record Sent(Instant at, BotMessage message) implements TranscriptEvent {}

    /** The bot edited a message; {@code message} is the message after the edit. */
    record Edited(Instant at, BotMessage message) implements TranscriptEvent {}

    /** A message was deleted by the bot. */
    record Deleted(Instant at, int messageId, boolean userMessage) implements TranscriptEvent {}

    /** The bot answered a pressed button. */
    record CallbackAnswered(Instant at, String callbackQueryId, String text, boolean showAlert)
            implements TranscriptEvent {}
}
