package dev.trainingbot.common.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;

/**
 * What a failed PostgreSQL statement means for its caller, decided here for the whole fleet, so that "outage" and
 * "bad data" mean the same to the worker (retry, or dead-letter the update) and the audit-consumer (pause, or
 * quarantine the event). Sorted by SQLSTATE, its class or its exact code:
 *
 * <ul>
 *   <li>{@link #UNAVAILABLE} — the server cannot take the statement now; the same statement succeeds later:
 *       {@code 08} connection exception (refused, closed, an I/O error, a socket timeout), {@code 53} insufficient
 *       resources (disk full, out of memory, too many connections), {@code 57P} operator intervention (shutdown,
 *       restart, cannot connect now), {@code 57014} statement timeout or cancel, {@code 40001} serialization failure,
 *       {@code 40P01} deadlock, {@code 25006} read-only transaction (a failover: the connection reached the old
 *       primary), {@code 55P03} lock timeout, {@code 58000}/{@code 58030} system and I/O errors of the server; and,
 *       whatever their state, the JDBC types that say so ({@link SQLTransientException} — HikariCP's "no connection
 *       within {@code DB_POOL_TIMEOUT}" among them — and {@link SQLRecoverableException}).
 *   <li>{@link #REFUSED_VALUES} — the server refused the values the statement carries; the same values fail every
 *       time, other values would pass: {@code 22} data exception (a NUL in a text or JSON value, a number or a time
 *       out of range, text that is not of the type), {@code 23} integrity constraint violation, {@code 54000} a value
 *       too large for the server's limits.
 *   <li>{@link #REFUSED_STATEMENT} — everything else: the statement or the schema itself ({@code 42} an undefined
 *       table or column, a missing privilege; {@code XX} internal errors; no SQLSTATE at all). Neither waiting nor
 *       other values help; an operator or a fix must.
 * </ul>
 */
public enum SqlFailure {
    UNAVAILABLE,
    REFUSED_VALUES,
    REFUSED_STATEMENT;

    private static final List<String> UNAVAILABLE_CLASSES = List.of("08", "53", "57P");
    private static final List<String> UNAVAILABLE_STATES =
            List.of("57014", "40001", "40P01", "25006", "55P03", "58000", "58030");
    private static final List<String> VALUE_CLASSES = List.of("22", "23");
    private static final List<String> VALUE_STATES = List.of("54000");

    /** What {@code failure} means; a batch's failure without a state of its own is sorted by its next exception. */
    public static SqlFailure of(SQLException failure) {
        if (failure instanceof SQLTransientException || failure instanceof SQLRecoverableException) {
            return UNAVAILABLE;
        }
        String state = failure.getSQLState();
        if (state == null && failure.getNextException() != null && failure.getNextException() != failure) {
            return of(failure.getNextException());
        }
        if (state == null) {
            return REFUSED_STATEMENT;
        }
        if (UNAVAILABLE_STATES.contains(state) || UNAVAILABLE_CLASSES.stream().anyMatch(state::startsWith)) {
            return UNAVAILABLE;
        }
        if (VALUE_STATES.contains(state) || VALUE_CLASSES.stream().anyMatch(state::startsWith)) {
            return REFUSED_VALUES;
        }
        return REFUSED_STATEMENT;
    }
}
