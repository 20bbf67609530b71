package dev.trainingbot.worker.route;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.telegram.TelegramGateway;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

/**
 * The router's own handlers: a text reply by message key (help, unknown command, text nobody expects), the polite
 * answer to a button whose data is forged, stale or malformed — it answers the callback and changes nothing — and the
 * notice of a move the conversation's state refuses.
 */
public final class Replies {

    private Replies() {}

    /** Sends the message {@code key} as HTML. One Bot API call. */
    public static Handler text(String name, String key, TelegramGateway telegram, Messages messages) {
        return new Handler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void handle(UpdateContext context) throws Exception {
                if (context.update().hasCallbackQuery()) {
                    telegram.answer(AnswerCallbackQuery.builder()
                            .callbackQueryId(context.update().getCallbackQuery().getId())
                            .build());
                }
                telegram.send(SendMessage.builder()
                        .chatId(context.chatId())
                        .text(messages.text(context.locale(), key))
                        .parseMode("HTML")
                        .build());
            }
        };
    }

    /**
     * Tells why the input is refused: as the pressed button's answer, or as a message for a command or text. One Bot
     * API call.
     */
    public static Router.Refusal refusal(TelegramGateway telegram, Messages messages) {
        return (context, messageKey) -> {
            String text = messages.text(context.locale(), messageKey);
            if (context.update().hasCallbackQuery()) {
                telegram.answer(AnswerCallbackQuery.builder()
                        .callbackQueryId(context.update().getCallbackQuery().getId())
                        .text(text)
                        .build());
            } else {
                telegram.send(SendMessage.builder()
                        .chatId(context.chatId())
                        .text(text)
                        .parseMode("HTML")
                        .build());
            }
        };
    }

    /** Answers a button the bot cannot honour, with a short notice; no state changes. One Bot API call. */
    public static Handler forgedCallback(TelegramGateway telegram, Messages messages) {
        return new Handler() {
            @Override
            public String name() {
                return "forged_callback";
            }

            @Override
            public void handle(UpdateContext context) throws Exception {
                context.outcome(AuditOutcome.REFUSED);
                context.detail(
                        "callback_data", context.update().getCallbackQuery().getData());
                telegram.answer(AnswerCallbackQuery.builder()
                        .callbackQueryId(context.update().getCallbackQuery().getId())
                        .text(messages.text(context.locale(), "callback.stale"))
                        .build());
            }
        };
    }
}
