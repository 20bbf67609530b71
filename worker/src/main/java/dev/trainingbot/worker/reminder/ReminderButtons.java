package dev.trainingbot.worker.reminder;

import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.pipeline.UpdateContext;
import dev.trainingbot.worker.route.CallbackData;
import dev.trainingbot.worker.route.Handler;
import dev.trainingbot.worker.route.Keyboard;
import dev.trainingbot.worker.route.Router;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;

/**
 * The buttons of a reminder message: continue the section it names ({@code sec:<section>}, the course's own button),
 * and mute ({@value #MUTE}{@code :<reminder>}) or, once muted, unmute ({@value #UNMUTE}{@code :<reminder>})
 * reminders. Muting holds for every rule until the learner unmutes; the button answers with what changed and swaps
 * itself for its opposite. A button whose reminder is unknown, or belongs to someone else (a forwarded or forged
 * one), is answered politely and changes nothing. Neither button moves the conversation, so a learner can mute in the
 * middle of a quiz.
 *
 * <p>Costs per press: one query and one upsert, an answer and one edit of the message's buttons.
 */
public final class ReminderButtons {

    public static final String MUTE = "rmute";
    public static final String UNMUTE = "runmute";

    private final DataSource database;
    private final TelegramGateway telegram;
    private final Messages messages;
    private final InstantSource clock;

    public ReminderButtons(DataSource database, TelegramGateway telegram, Messages messages, InstantSource clock) {
        this.database = database;
        this.telegram = telegram;
        this.messages = messages;
        this.clock = clock;
    }

    /** The keyboard of reminder {@code reminder}: continue its section, if any, and mute reminders. */
    InlineKeyboardMarkup reminderKeyboard(Locale locale, long reminder, String sectionId) {
        return keyboard(locale, reminder, sectionId, false);
    }

    private InlineKeyboardMarkup keyboard(Locale locale, long reminder, String sectionId, boolean muted) {
        Keyboard keyboard = Keyboard.create();
        if (sectionId != null) {
            keyboard.row(
                    Keyboard.button(messages.text(locale, "reminder.continue"), CallbackData.of("sec", sectionId)));
        }
        return keyboard.row(
                        muted
                                ? Keyboard.button(
                                        messages.text(locale, "reminder.unmute"),
                                        CallbackData.of(UNMUTE, Long.toString(reminder)))
                                : Keyboard.button(
                                        messages.text(locale, "reminder.mute"),
                                        CallbackData.of(MUTE, Long.toString(reminder))))
                .build();
    }

    /** Registers the mute and unmute buttons; neither moves the conversation. */
    public void register(Router.Builder routes) {
        routes.callback(MUTE, Handler.of("reminder_mute", context -> press(context, true)))
                .callback(UNMUTE, Handler.of("reminder_unmute", context -> press(context, false)));
    }

    private void press(UpdateContext context, boolean mute) throws Exception {
        CallbackQuery query = context.update().getCallbackQuery();
        OptionalLong reminder = CallbackData.parse(query.getData())
                .filter(data -> data.args().size() == 1)
                .flatMap(data -> parseId(data.arg(0)))
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
        Optional<Own> own = reminder.isPresent() ? own(reminder.getAsLong(), context.userId()) : Optional.empty();
        if (own.isEmpty()) {
            context.outcome(AuditOutcome.REFUSED);
            context.detail("callback_data", query.getData());
            answer(query, messages.text(context.locale(), "reminder.stale"));
            return;
        }
        setMuted(context.userId(), mute);
        context.detail("reminders", mute ? "muted" : "unmuted");
        answer(query, messages.text(context.locale(), mute ? "reminder.muted" : "reminder.unmuted"));
        if (query.getMessage() != null) {
            try {
                telegram.call(EditMessageReplyMarkup.builder()
                        .chatId(context.chatId())
                        .messageId(query.getMessage().getMessageId())
                        .replyMarkup(keyboard(
                                context.locale(),
                                reminder.getAsLong(),
                                own.get().sectionId(),
                                mute))
                        .build());
            } catch (TelegramException.Permanent e) {
                // The message is gone or already shows this button (a second press): the answer said what changed.
            }
        }
    }

    private static Optional<Long> parseId(String arg) {
        try {
            return Optional.of(Long.parseLong(arg));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A reminder of the learner who pressed its button; {@code sectionId} null when it names no section. */
    private record Own(String sectionId) {}

    /** Reminder {@code reminder}, when it was sent to {@code userId}. */
    private Optional<Own> own(long reminder, Long userId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT user_id, section_id FROM reminders WHERE id = ?")) {
            query.setLong(1, reminder);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next() || userId == null || rows.getLong(1) != userId) {
                    return Optional.empty();
                }
                return Optional.of(new Own(rows.getString(2)));
            }
        }
    }

    private void setMuted(long userId, boolean mute) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO reminder_settings (user_id, muted_at, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (user_id) DO UPDATE
                        SET muted_at = CASE WHEN EXCLUDED.muted_at IS NULL THEN NULL
                                            ELSE coalesce(reminder_settings.muted_at, EXCLUDED.muted_at) END,
                            updated_at = EXCLUDED.updated_at
                        """)) {
            Timestamp now = Timestamp.from(clock.instant());
            upsert.setLong(1, userId);
            upsert.setTimestamp(2, mute ? now : null);
            upsert.setTimestamp(3, now);
            upsert.executeUpdate();
        }
    }

    private void answer(CallbackQuery query, String text) throws TelegramException {
        telegram.answer(AnswerCallbackQuery.builder()
                .callbackQueryId(query.getId())
                .text(text)
                .build());
    }
}
