package dev.trainingbot.worker.reminder;

import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.worker.audit.AuditPublisher;
import dev.trainingbot.worker.broadcast.OutboxMessage;
import dev.trainingbot.worker.broadcast.OutboxSender;
import dev.trainingbot.worker.telegram.TelegramException;
import dev.trainingbot.worker.telegram.TelegramGateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;

/**
 * Sends the reminders of {@code tg.outbox}, each once: the reminder's row is locked for the send ({@code FOR UPDATE}: a
 * second copy of the record on another worker during a rebalance waits, then finds it sent), and its outcome is
 * written in the same transaction — delivered; blocked (the learner blocked the bot: marked, so later scans skip them);
 * muted (they muted reminders after it was decided: not sent); failed (Telegram refused it). A row with an outcome is
 * not sent again, so a record redelivered after a crash or put on the outbox twice changes nothing. Each reminder is
 * one {@code reminder.sent} audit event, its id derived from the reminder's, published again by a redelivery in case
 * the first was lost with the worker.
 *
 * <p>The one case this cannot close: Telegram accepted the message and the worker died before the transaction
 * committed. The record comes back and the reminder goes out once more — Telegram has no idempotency key. The window
 * is one round trip to PostgreSQL.
 *
 * <p>Costs per record: one locking query and one update in one transaction (holding a pooled connection for the send),
 * one Bot API call, one audit event.
 */
public final class ReminderDelivery implements OutboxSender.Delivery {

    private static final Logger log = LoggerFactory.getLogger(ReminderDelivery.class);

    private final DataSource database;
    private final TelegramGateway telegram;
    private final ReminderButtons buttons;
    private final AuditPublisher audit;
    private final InstantSource clock;
    private final MeterRegistry metrics;

    public ReminderDelivery(
            DataSource database,
            TelegramGateway telegram,
            ReminderButtons buttons,
            AuditPublisher audit,
            InstantSource clock,
            MeterRegistry metrics) {
        this.database = database;
        this.telegram = telegram;
        this.buttons = buttons;
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
    }

    private record Row(
            long userId,
            long chatId,
            String rule,
            String occurrence,
            String text,
            String sectionId,
            String language,
            String outcome,
            boolean blocked,
            boolean muted) {}

    @Override
    public void deliver(OutboxMessage message) throws Exception {
        long id = message.reminder();
        Row row;
        String outcome;
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                row = lock(connection, id);
                if (row == null) {
                    connection.rollback();
                    log.info(
                            "reminder {} for chat {} is gone (its learner was deleted), skipped", id, message.chatId());
                    return;
                }
                if (row.outcome() != null) {
                    connection.rollback();
                    publish(id, row, row.outcome());
                    return;
                }
                outcome = send(id, row, connection);
                try (PreparedStatement update =
                        connection.prepareStatement("UPDATE reminders SET sent_at = ?, outcome = ? WHERE id = ?")) {
                    update.setTimestamp(1, Timestamp.from(clock.instant()));
                    update.setString(2, outcome);
                    update.setLong(3, id);
                    update.executeUpdate();
                }
                connection.commit();
            } catch (Exception | Error e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
        Counter.builder("reminders.sent")
                .description("Reminders by outcome")
                .tag("rule", row.rule())
                .tag("outcome", outcome)
                .register(metrics)
                .increment();
        publish(id, row, outcome);
    }

    /** Sends the reminder unless its learner blocked the bot or muted reminders; what it came to. */
    private String send(long id, Row row, Connection connection) throws Exception {
        if (row.blocked()) {
            return "blocked";
        }
        if (row.muted()) {
            return "muted";
        }
        Locale locale = Locale.forLanguageTag(row.language());
        try {
            telegram.send(SendMessage.builder()
                    .chatId(row.chatId())
                    .text(row.text())
                    .parseMode("HTML")
                    .replyMarkup(buttons.reminderKeyboard(locale, id, row.sectionId()))
                    .build());
            return "delivered";
        } catch (TelegramException.BlockedByUser e) {
            try (PreparedStatement blocked = connection.prepareStatement(
                    "UPDATE users SET blocked_at = ? WHERE id = ? AND blocked_at IS NULL")) {
                blocked.setTimestamp(1, Timestamp.from(clock.instant()));
                blocked.setLong(2, row.userId());
                blocked.executeUpdate();
            }
            return "blocked";
        } catch (TelegramException.Permanent e) {
            log.warn("reminder {} to chat {} refused by Telegram: {}", id, row.chatId(), e.getMessage());
            return "failed";
        }
    }

    private static Row lock(Connection connection, long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT r.user_id, r.chat_id, r.rule, r.occurrence, r.text, r.section_id, r.language, r.outcome,
                       u.blocked_at IS NOT NULL, s.muted_at IS NOT NULL
                FROM reminders r
                JOIN users u ON u.id = r.user_id
                LEFT JOIN reminder_settings s ON s.user_id = r.user_id
                WHERE r.id = ?
                FOR UPDATE OF r
                """)) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return new Row(
                        rows.getLong(1),
                        rows.getLong(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        rows.getString(6),
                        rows.getString(7),
                        rows.getString(8),
                        rows.getBoolean(9),
                        rows.getBoolean(10));
            }
        }
    }

    private void publish(long id, Row row, String outcome) throws Exception {
        Instant now = clock.instant();
        audit.publish(new AuditEvent(
                        AuditEvent.idFor("reminder.sent", Long.toString(id)),
                        now,
                        "reminder.sent",
                        row.userId(),
                        row.chatId(),
                        null,
                        switch (outcome) {
                            case "delivered" -> AuditOutcome.SUCCEEDED;
                            case "muted" -> AuditOutcome.IGNORED;
                            default -> AuditOutcome.FAILED;
                        },
                        0,
                        Map.of("reminder", id, "rule", row.rule(), "occurrence", row.occurrence(), "result", outcome)))
                .get();
    }
}
