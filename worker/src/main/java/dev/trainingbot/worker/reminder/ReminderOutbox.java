package dev.trainingbot.worker.reminder;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainingbot.worker.broadcast.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes reminders down and puts them on {@code tg.outbox}: a reminder is first a row of {@code reminders}, unique per
 * learner, rule and occurrence, so no number of scans or workers decides it twice; then an outbox record keyed by the
 * chat, and once Kafka acknowledged it the row is marked queued. A scan cut short between the two leaves rows
 * unqueued, which the next scan puts on the outbox again ({@link #unqueued}); a record sent twice is delivered once,
 * because the sender sends a row once.
 */
final class ReminderOutbox {

    private final DataSource database;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final ObjectMapper json;

    ReminderOutbox(DataSource database, Producer<byte[], byte[]> producer, String topic, ObjectMapper json) {
        this.database = database;
        this.producer = producer;
        this.topic = topic;
        this.json = json;
    }

    /** A reminder decided on, before it is written. */
    record Decided(
            long userId, long chatId, String rule, String occurrence, String text, String sectionId, String language) {}

    /**
     * Writes {@code reminder} unless this learner, rule and occurrence has one already. One statement.
     *
     * @return the new row's id; empty when the reminder existed
     */
    OptionalLong write(Decided reminder, Instant now) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO reminders
                            (user_id, rule, occurrence, chat_id, text, section_id, language, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT ON CONSTRAINT reminders_once DO NOTHING
                        RETURNING id
                        """)) {
            insert.setLong(1, reminder.userId());
            insert.setString(2, reminder.rule());
            insert.setString(3, reminder.occurrence());
            insert.setLong(4, reminder.chatId());
            insert.setString(5, reminder.text());
            insert.setString(6, reminder.sectionId());
            insert.setString(7, reminder.language());
            insert.setTimestamp(8, Timestamp.from(now));
            try (ResultSet rows = insert.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** A written reminder, as the outbox carries it. */
    record Queued(long id, long chatId, String text) {}

    /**
     * Puts {@code reminders} on the outbox and marks them queued once Kafka acknowledged them all. One statement after
     * the acknowledgements.
     */
    void queue(List<Queued> reminders, Instant now) throws Exception {
        if (reminders.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> acked = new ArrayList<>(reminders.size());
        for (Queued reminder : reminders) {
            byte[] value =
                    json.writeValueAsBytes(OutboxMessage.reminder(reminder.id(), reminder.chatId(), reminder.text()));
            CompletableFuture<Void> ack = new CompletableFuture<>();
            producer.send(
                    new ProducerRecord<>(
                            topic, Long.toString(reminder.chatId()).getBytes(StandardCharsets.US_ASCII), value),
                    (metadata, error) -> {
                        if (error == null) {
                            ack.complete(null);
                        } else {
                            ack.completeExceptionally(error);
                        }
                    });
            acked.add(ack);
        }
        CompletableFuture.allOf(acked.toArray(CompletableFuture[]::new)).get();
        try (Connection connection = database.getConnection();
                PreparedStatement mark =
                        connection.prepareStatement("UPDATE reminders SET queued_at = ? WHERE id = ANY (?)")) {
            mark.setTimestamp(1, Timestamp.from(now));
            mark.setArray(
                    2,
                    connection.createArrayOf(
                            "bigint", reminders.stream().map(Queued::id).toArray(Long[]::new)));
            mark.executeUpdate();
        }
    }

    /**
     * Reminders written but never acknowledged on the outbox (a scan that died between the two), or queued before
     * {@code queuedBefore} and still not sent (a record lost to a rebalance or the topic's retention), oldest first, at
     * most {@code limit}. Sending one twice is harmless: the sender sends a row once. One query.
     */
    List<Queued> unqueued(Instant queuedBefore, int limit) throws SQLException {
        List<Queued> pending = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT id, chat_id, text FROM reminders
                        WHERE sent_at IS NULL AND (queued_at IS NULL OR queued_at < ?)
                        ORDER BY created_at, id
                        LIMIT ?
                        """)) {
            query.setTimestamp(1, Timestamp.from(queuedBefore));
            query.setInt(2, limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    pending.add(new Queued(rows.getLong(1), rows.getLong(2), rows.getString(3)));
                }
            }
        }
        return pending;
    }
}
