package dev.trainingbot.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainingbot.common.audit.AuditEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch into {@code audit_log} with one statement, whatever its size: the columns travel as nine arrays
 * and {@code unnest} turns them into rows, so the plan is prepared once and reused. {@code ON CONFLICT (event_id) DO
 * NOTHING} makes a redelivered or replayed event add no row. Rejected records go to {@code audit_log_rejected} in the
 * same transaction.
 *
 * <p>An event whose {@code details} cannot be written as JSON still gets its row, with {@code details} saying so
 * ({@code {"details_error": "…"}}), and a WARN names the event: the event happened, and losing its row would be worse
 * than losing its context.
 */
final class AuditBatchWriter {

    private static final Logger log = LoggerFactory.getLogger(AuditBatchWriter.class);
    private static final int PROBE_TIMEOUT_SECONDS = 3;

    private static final String INSERT_EVENTS = """
            INSERT INTO audit_log (event_id, ts, type, user_id, chat_id, update_id, outcome, latency_us, details)
            SELECT * FROM unnest(?::uuid[], ?::timestamptz[], ?::text[], ?::int8[], ?::int8[], ?::int8[], ?::text[],
                                 ?::int8[], ?::jsonb[])
            ON CONFLICT (event_id) DO NOTHING
            """;

    private static final String INSERT_REJECTED = """
            INSERT INTO audit_log_rejected (topic, kafka_partition, kafka_offset, payload, error)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """;

    private final DataSource dataSource;
    private final ObjectMapper json;

    AuditBatchWriter(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Inserts the batch in one transaction.
     *
     * @return how many events were new (the rest were already in the table)
     * @throws AuditWriteException naming the batch's size, partitions and offsets, with the {@link SQLException}
     */
    int write(AuditBatch batch) throws AuditWriteException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int inserted = insertEvents(connection, batch.events());
                insertRejected(connection, batch.rejected());
                connection.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new AuditWriteException(
                    "audit batch insert failed after " + (System.nanoTime() - started) / 1_000_000 + " ms (rows="
                            + batch.size() + ", " + batch.describe() + "): " + e.getMessage(),
                    e);
        }
    }

    /**
     * Whether the database answers now: a connection from the pool (waiting at most {@code DB_POOL_TIMEOUT} for one)
     * that validates within {@value #PROBE_TIMEOUT_SECONDS} s. For the sink, to learn that an outage ended when it has
     * no batch to retry.
     */
    boolean answers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(PROBE_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Rolls back after {@code failure}; a rollback that fails too is kept with it, never instead of it. */
    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private int insertEvents(Connection connection, List<AuditEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        int n = events.size();
        String[] ids = new String[n];
        String[] times = new String[n];
        String[] types = new String[n];
        Long[] users = new Long[n];
        Long[] chats = new Long[n];
        Long[] updates = new Long[n];
        String[] outcomes = new String[n];
        Long[] latencies = new Long[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            AuditEvent event = events.get(i);
            ids[i] = event.eventId().toString();
            times[i] = event.ts().toString();
            types[i] = event.type();
            users[i] = event.userId();
            chats[i] = event.chatId();
            updates[i] = event.updateId();
            outcomes[i] = event.outcome().wireName();
            latencies[i] = event.latencyUs();
            details[i] = toJson(event);
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENTS)) {
            insert.setArray(1, connection.createArrayOf("text", ids));
            insert.setArray(2, connection.createArrayOf("text", times));
            insert.setArray(3, connection.createArrayOf("text", types));
            insert.setArray(4, connection.createArrayOf("int8", users));
            insert.setArray(5, connection.createArrayOf("int8", chats));
            insert.setArray(6, connection.createArrayOf("int8", updates));
            insert.setArray(7, connection.createArrayOf("text", outcomes));
            insert.setArray(8, connection.createArrayOf("int8", latencies));
            Array detailArray = connection.createArrayOf("text", details);
            insert.setArray(9, detailArray);
            return insert.executeUpdate();
        }
    }

    private void insertRejected(Connection connection, List<AuditBatch.Rejected> rejected) throws SQLException {
        if (rejected.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_REJECTED)) {
            for (AuditBatch.Rejected record : rejected) {
                insert.setString(1, record.topic());
                insert.setInt(2, record.partition());
                insert.setLong(3, record.offset());
                insert.setBytes(4, record.payload());
                insert.setString(5, record.error());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private String toJson(AuditEvent event) {
        try {
            return json.writeValueAsString(event.details());
        } catch (JsonProcessingException e) {
            log.warn(
                    "audit event {} ({}) keeps its row without its details, which are not JSON: {}",
                    event.eventId(),
                    event.type(),
                    e.getOriginalMessage());
            ObjectNode marker = json.createObjectNode().put("details_error", e.getOriginalMessage());
            return marker.toString();
        }
    }

    /** A batch could not be written; nothing of it was. */
    static final class AuditWriteException extends Exception {
        AuditWriteException(String message, SQLException cause) {
            super(message, cause);
        }
    }
}
