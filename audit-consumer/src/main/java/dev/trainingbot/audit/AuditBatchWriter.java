package dev.trainingbot.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.db.SqlFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch into {@code audit_log} with one statement, whatever its size: the columns travel as nine arrays
 * and {@code unnest} turns them into rows, so the plan is prepared once and reused. {@code ON CONFLICT (event_id) DO
 * NOTHING} makes a redelivered or replayed event add no row. Records that are not events go to
 * {@code audit_log_rejected}.
 *
 * <p>When PostgreSQL refuses the events for their values ({@link SqlFailure#REFUSED_VALUES}: a NUL in a text, a time
 * out of range), the batch is halved and each half written on its own, down to the single events it refuses; those
 * join {@code audit_log_rejected} with the bytes they arrived as, PostgreSQL's message and SQLSTATE, each named in a
 * WARN, and every other event is written. k refused events among n cost about 2·k·log2(n) more statements, and only
 * then. Any other failure — an outage, or a statement the schema refuses — fails the whole call; the halves already
 * written are found again, as duplicates, when the batch is retried.
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
            INSERT INTO audit_log_rejected (topic, kafka_partition, kafka_offset, payload, error, sqlstate, event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?::uuid)
            ON CONFLICT DO NOTHING
            """;

    /** What a call wrote: new rows, events already in the table, and records kept in {@code audit_log_rejected}. */
    record Written(int inserted, int duplicates, int rejected) {}

    /** A record for {@code audit_log_rejected}: why, and PostgreSQL's SQLSTATE when it refused the event. */
    private record Rejection(AuditBatch.Entry entry, String error, String sqlState) {}

    /** Work on one connection, in one transaction. */
    private interface Transaction<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    AuditBatchWriter(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Inserts the batch's events, finding and setting aside those PostgreSQL refuses for their values, then its
     * rejected records.
     *
     * @throws AuditWriteException naming the batch's size, partitions and offsets and what the failure means, with the
     *     {@link SQLException}, when the database is unavailable or refuses the statement itself
     */
    Written write(AuditBatch batch) throws AuditWriteException {
        long started = System.nanoTime();
        List<AuditBatch.Entry> events = batch.events();
        List<Rejection> rejections = new ArrayList<>();
        for (AuditBatch.Entry record : batch.rejected()) {
            rejections.add(new Rejection(record, record.error(), null));
        }
        int malformed = rejections.size();
        try {
            int inserted = insertFindingRefused(events, rejections);
            if (!rejections.isEmpty()) {
                inTransaction(connection -> insertRejected(connection, rejections));
            }
            int refused = rejections.size() - malformed;
            return new Written(inserted, events.size() - refused - inserted, rejections.size());
        } catch (SQLException e) {
            SqlFailure kind = SqlFailure.of(e);
            throw new AuditWriteException(
                    "audit batch insert failed after " + (System.nanoTime() - started) / 1_000_000 + " ms (rows="
                            + batch.size() + ", " + batch.describe() + ", " + describe(kind) + "): " + e.getMessage(),
                    kind,
                    e);
        }
    }

    /**
     * Inserts {@code events} in one transaction; when PostgreSQL refuses them for their values, each half on its own,
     * down to the single events it refuses, which are added to {@code refused}. Returns how many rows were new.
     */
    private int insertFindingRefused(List<AuditBatch.Entry> events, List<Rejection> refused) throws SQLException {
        if (events.isEmpty()) {
            return 0;
        }
        try {
            return inTransaction(connection -> insertEvents(connection, events));
        } catch (SQLException e) {
            if (SqlFailure.of(e) != SqlFailure.REFUSED_VALUES) {
                throw e;
            }
            if (events.size() == 1) {
                AuditBatch.Entry entry = events.getFirst();
                log.warn(
                        "audit event {} ({}) at {} refused by PostgreSQL, kept in audit_log_rejected: {} {}",
                        entry.event().eventId(),
                        entry.event().type(),
                        entry.position(),
                        e.getSQLState(),
                        e.getMessage());
                refused.add(new Rejection(entry, "refused by PostgreSQL: " + e.getMessage(), e.getSQLState()));
                return 0;
            }
            int half = events.size() / 2;
            return insertFindingRefused(events.subList(0, half), refused)
                    + insertFindingRefused(events.subList(half, events.size()), refused);
        }
    }

    private <T> T inTransaction(Transaction<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        }
    }

    private static String describe(SqlFailure kind) {
        return switch (kind) {
            case UNAVAILABLE -> "the database is unavailable";
            case REFUSED_STATEMENT -> "the statement is refused: check the schema and the role's privileges";
            // The writer sets such events aside; one here was refused while being set aside.
            case REFUSED_VALUES -> "values refused";
        };
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

    private int insertEvents(Connection connection, List<AuditBatch.Entry> entries) throws SQLException {
        int n = entries.size();
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
            AuditEvent event = entries.get(i).event();
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
            insert.setArray(9, connection.createArrayOf("text", details));
            return insert.executeUpdate();
        }
    }

    private static int insertRejected(Connection connection, List<Rejection> rejections) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_REJECTED)) {
            for (Rejection rejection : rejections) {
                AuditBatch.Entry record = rejection.entry();
                insert.setString(1, record.partition().topic());
                insert.setInt(2, record.partition().partition());
                insert.setLong(3, record.offset());
                // bytea takes any bytes; the error goes into text, which takes no NUL.
                insert.setBytes(4, record.payload());
                insert.setString(5, rejection.error().replace("\0", "\\u0000"));
                insert.setString(6, rejection.sqlState());
                insert.setString(
                        7,
                        record.event() == null ? null : record.event().eventId().toString());
                insert.addBatch();
            }
            insert.executeBatch();
            return rejections.size();
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

    /** A batch could not be written as a whole (parts of it may be); {@link #kind()} says why. */
    static final class AuditWriteException extends Exception {
        private final SqlFailure kind;

        AuditWriteException(String message, SqlFailure kind, SQLException cause) {
            super(message, cause);
            this.kind = kind;
        }

        SqlFailure kind() {
            return kind;
        }
    }
}
