package dev.trainingbot.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlFailureTest {

    @ParameterizedTest(name = "SQLSTATE {0} is an outage")
    @ValueSource(
            strings = {
                "08000",
                "08001",
                "08003",
                "08004",
                "08006", // connection refused, closed, I/O error, socket timeout
                "53100",
                "53200",
                "53300", // disk full, out of memory, too many connections
                "57P01",
                "57P02",
                "57P03",
                "57P05", // shutdown, crash, cannot connect now, idle session timeout
                "57014", // statement timeout or cancel
                "40001",
                "40P01", // serialization failure, deadlock
                "25006", // read-only transaction: the connection reached a primary that failed over
                "55P03", // lock timeout
                "58000",
                "58030" // the server's system and I/O errors
            })
    void aServerThatCannotTakeTheStatementNowIsUnavailable(String state) {
        assertThat(SqlFailure.of(new SQLException("failed", state))).isEqualTo(SqlFailure.UNAVAILABLE);
    }

    @ParameterizedTest(name = "SQLSTATE {0} refuses the values")
    @ValueSource(
            strings = {
                "22P05", // \u0000 in jsonb: "unsupported Unicode escape sequence"
                "22021", // a NUL byte in text
                "22008", // a time out of range
                "22003", // a number out of range
                "22P02",
                "22007", // text that is not of the type
                "22001", // a string too long for its column
                "23502",
                "23503",
                "23505",
                "23514", // not null, foreign key, unique, check
                "54000" // a value beyond the server's limits (an index row too large)
            })
    void valuesTheServerRefusesAreRefusedValues(String state) {
        assertThat(SqlFailure.of(new SQLException("failed", state))).isEqualTo(SqlFailure.REFUSED_VALUES);
    }

    @ParameterizedTest(name = "SQLSTATE {0} refuses the statement")
    @ValueSource(
            strings = {
                "42P01",
                "42703",
                "42501",
                "42601", // undefined table or column, no privilege, syntax
                "0A000", // feature not supported
                "XX000",
                "XX001", // internal error, data corrupted
                "25001",
                "55000",
                "57000" // other members of the classes whose outages are listed one by one
            })
    void theStatementOrTheSchemaItselfIsRefusedStatement(String state) {
        assertThat(SqlFailure.of(new SQLException("failed", state))).isEqualTo(SqlFailure.REFUSED_STATEMENT);
    }

    @Test
    void theJdbcTypesOfATransientFailureAreUnavailableWhateverTheirState() {
        // HikariCP: no connection within DB_POOL_TIMEOUT; it carries no SQLSTATE.
        assertThat(SqlFailure.of(new SQLTransientConnectionException("audit - Connection is not available")))
                .isEqualTo(SqlFailure.UNAVAILABLE);
        assertThat(SqlFailure.of(new SQLTimeoutException("timed out"))).isEqualTo(SqlFailure.UNAVAILABLE);
        assertThat(SqlFailure.of(new SQLRecoverableException("reconnect"))).isEqualTo(SqlFailure.UNAVAILABLE);
    }

    @Test
    void aFailureWithoutAStateIsTheStatementsUnlessItsNextExceptionSaysMore() {
        assertThat(SqlFailure.of(new SQLException("closed pool"))).isEqualTo(SqlFailure.REFUSED_STATEMENT);

        BatchUpdateException batch = new BatchUpdateException("batch entry 0 failed", null, 0, new int[0], null);
        batch.setNextException(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));

        assertThat(SqlFailure.of(batch)).isEqualTo(SqlFailure.REFUSED_VALUES);
    }
}
