package dev.trainingbot.worker.ui;

import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;

/**
 * Shows a {@link Screen}: a pressed button turns its own message into the screen (edited in place, so navigating
 * does not flood the chat) and its callback query is answered, the two calls made at once; a command or text gets a
 * new message. Two Bot API calls for a button, one for a message.
 */
public final class Presenter {

    private final TelegramGateway telegram;

    public Presenter(TelegramGateway telegram) {
        this.telegram = telegram;
    }

    public void show(UpdateContext context, Screen screen) throws TelegramException {
        show(context, screen, null);
    }

    /** As {@link #show(UpdateContext, Screen)}, a pressed button answered with the short {@code notice}. */
    public void show(UpdateContext context, Screen screen, String notice) throws TelegramException {
        CallbackQuery query =
                context.update().hasCallbackQuery() ? context.update().getCallbackQuery() : null;
        MaybeInaccessibleMessage origin = query == null ? null : query.getMessage();
        if (origin == null) {
            if (query != null) {
                answer(context, notice);
            }
            send(context, screen);
            return;
        }
        boolean answered = telegram.answerAndEdit(
                answerOf(context, notice),
                EditMessageText.builder()
                        .chatId(context.chatId())
                        .messageId(origin.getMessageId())
                        .text(screen.text())
                        .parseMode("HTML")
                        .replyMarkup(screen.keyboard())
                        .build());
        if (!answered) {
            context.detail("callback_answered_before", true);
        }
    }

    /** Sends the screen as a new message. */
    public void send(UpdateContext context, Screen screen) throws TelegramException {
        telegram.send(SendMessage.builder()
                .chatId(context.chatId())
                .text(screen.text())
                .parseMode("HTML")
                .replyMarkup(screen.keyboard())
                .build());
    }

    /**
     * Answers the pressed button, with a short notice when {@code text} is not null; a query Telegram no longer takes
     * an answer for is audited as {@code callback_answered_before} ({@link TelegramGateway#answer}).
     */
    public void answer(UpdateContext context, String text) throws TelegramException {
        if (!telegram.answer(answerOf(context, text))) {
            context.detail("callback_answered_before", true);
        }
    }

    private static AnswerCallbackQuery answerOf(UpdateContext context, String text) {
        AnswerCallbackQuery.AnswerCallbackQueryBuilder<?, ?> answer = AnswerCallbackQuery.builder()
                .callbackQueryId(context.update().getCallbackQuery().getId());
        if (text != null) {
            answer.text(text);
        }
        return answer.build();
    }
}
