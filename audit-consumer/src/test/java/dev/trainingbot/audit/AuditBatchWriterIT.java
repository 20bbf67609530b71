package dev.trainingbot.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.trainingbot.common.audit.AuditEvent;
import dev.trainingbot.common.audit.AuditEventCodec;
import dev.trainingbot.common.audit.AuditOutcome;
import dev.trainingbot.common.db.Database;
import dev.trainingbot.common.db.SqlFailure;
import dev.trainingbot.common.json.Json;
import dev.trainingbot.testkit.postgres.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The batch insert against the real PostgreSQL, where its failures come from. */
class AuditBatchWriterIT {

    private static final TopicPartition PARTITION = new TopicPartition("tg.audit", 0);
    /** A time Java holds and PostgreSQL's timestamptz cannot (its range ends in 294276 AD). */
    private static final Instant BEYOND_POSTGRES = Instant.parse("+300000-01-01T00:00:00Z");

    private static TestDatabase database;
    private static HikariDataSource pool;

    @BeforeAll
    static void migrate() {
        database = TestDatabase.create();
        pool = Database.pool(database.settings(), "writer-it", new SimpleMeterRegistry());
        Database.migrate(pool);
    }

    @AfterAll
    static void drop() {
        pool.close();
        database.close();
    }

    @Test
    void anEventWhoseDetailsAreNotJsonKeepsItsRowSaysSoAndIsNamedInAWarning() throws Exception {
        AuditEvent event = event(1, Map.of("thing", new Object()));
        AuditBatch batch = new AuditBatch();
        batch.add(PARTITION, 0, new byte[0], event);
        Logger logger = (Logger) LoggerFactory.getLogger(AuditBatchWriter.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            new AuditBatchWriter(pool, Json.mapper()).write(batch);
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(query("SELECT details->>'details_error' FROM audit_log WHERE event_id = '" + event.eventId() + "'"))
                .contains("No serializer found for class java.lang.Object");
        assertThat(logged.list).anySatisfy(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).contains(event.eventId().toString());
        });
    }

    @Test
    void aRollbackThatFailsTooIsKeptBesideTheErrorThatCausedItNotInsteadOfIt() {
        AuditBatch batch = new AuditBatch();
        batch.add(PARTITION, 0, new byte[0], event(2, Map.of()));

        AuditBatchWriter.AuditWriteException failure = catchThrowableOfType(
                AuditBatchWriter.AuditWriteException.class,
                () -> new AuditBatchWriter(new TerminatedConnections(), Json.mapper()).write(batch));

        // The insert meets the terminated backend; the rollback then finds the connection closed.
        SQLException cause = (SQLException) failure.getCause();
        assertThat(cause.getSQLState()).isIn("57P01", "08006");
        assertThat(cause.getSuppressed())
                .singleElement()
                .satisfies(rollback -> assertThat(rollback).hasMessageContaining("connection has been closed"));
        assertThat(failure).hasMessageContaining("rows=1, partition=0, offsets=0..0");
    }

    @Test
    void eventsPostgresRefusesAreFoundInTheBatchAndKeptAsReceivedWhileTheOthersAreWritten() throws Exception {
        AuditEventCodec codec = new AuditEventCodec();
        TopicPartition partition = new TopicPartition("tg.audit", 7);
        AuditBatch batch = new AuditBatch();
        List<AuditEvent> good = new ArrayList<>();
        Map<Long, byte[]> refused = new HashMap<>();
        for (int offset = 0; offset < 40; offset++) {
            // A time PostgreSQL cannot store, at the start, in the middle and at the end of the batch.
            boolean poison = offset == 0 || offset == 17 || offset == 39;
            AuditEvent event =
                    poison ? at(1_000 + offset, BEYOND_POSTGRES) : event(1_000 + offset, Map.of("n", offset));
            byte[] payload = codec.encode(event);
            batch.add(partition, offset, payload, event);
            if (poison) {
                refused.put((long) offset, payload);
            } else {
                good.add(event);
            }
        }
        batch.reject(partition, 40, "{not json".getBytes(StandardCharsets.UTF_8), "not an audit event: bad JSON");

        AuditBatchWriter.Written written = new AuditBatchWriter(pool, Json.mapper()).write(batch);

        assertThat(written).isEqualTo(new AuditBatchWriter.Written(37, 0, 4));
        for (AuditEvent event : good) {
            assertThat(query("SELECT count(*) FROM audit_log WHERE event_id = '" + event.eventId() + "'"))
                    .isEqualTo("1");
        }
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT kafka_offset, payload, sqlstate, event_id, error"
                        + " FROM audit_log_rejected WHERE kafka_partition = 7 ORDER BY kafka_offset")) {
            for (long offset : List.of(0L, 17L, 39L)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(offset);
                assertThat(rows.getBytes(2)).isEqualTo(refused.get(offset));
                assertThat(rows.getString(3)).startsWith("22");
                assertThat(rows.getString(4))
                        .isEqualTo(codec.decode(refused.get(offset)).eventId().toString());
                assertThat(rows.getString(5)).startsWith("refused by PostgreSQL");
            }
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isEqualTo(40);
            assertThat(rows.getString(3)).isNull();
            assertThat(rows.next()).isFalse();
        }

        // Written again, as after a crash before the commit: nothing is added twice.
        assertThat(new AuditBatchWriter(pool, Json.mapper()).write(batch))
                .isEqualTo(new AuditBatchWriter.Written(0, 37, 4));
        assertThat(query("SELECT count(*) FROM audit_log_rejected WHERE kafka_partition = 7"))
                .isEqualTo("4");
    }

    @Test
    void aStatementTheSchemaRefusesFailsTheBatchInsteadOfQuarantiningIt() throws Exception {
        try (TestDatabase empty = TestDatabase.create();
                HikariDataSource unmigrated =
                        Database.pool(empty.settings(), "unmigrated", new SimpleMeterRegistry())) {
            AuditBatch batch = new AuditBatch();
            batch.add(PARTITION, 0, new byte[0], event(3, Map.of()));

            AuditBatchWriter.AuditWriteException failure = catchThrowableOfType(
                    AuditBatchWriter.AuditWriteException.class,
                    () -> new AuditBatchWriter(unmigrated, Json.mapper()).write(batch));

            assertThat(failure.kind()).isEqualTo(SqlFailure.REFUSED_STATEMENT);
            assertThat(failure).hasMessageContaining("check the schema");
        }
    }

    private static AuditEvent at(long update, Instant ts) {
        return AuditEvent.ofUpdate(update, "update.message", 1L, 1L, AuditOutcome.HANDLED, ts, 10, Map.of());
    }

    private static AuditEvent event(long update, Map<String, Object> details) {
        return AuditEvent.ofUpdate(update, "update.message", 1L, 1L, AuditOutcome.HANDLED, Instant.now(), 10, details);
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /**
     * Real connections to the test database whose server process has been ended before they are handed out, as when
     * PostgreSQL restarts between two batches: the first statement fails, and so does everything after it.
     */
    private static final class TerminatedConnections implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = database.connect();
            int pid;
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
                rows.next();
                pid = rows.getInt(1);
            }
            try (Connection admin = database.connect();
                    Statement statement = admin.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            return connection;
        }

        @Override
        public Connection getConnection(String user, String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
