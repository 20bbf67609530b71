package dev.trainingbot.fleet;

import dev.trainingbot.worker.course.content.Course;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the users of {@link ConversationModelIT} share: the fleet, its Redis databases and PostgreSQL, the course, the
 * admin password and the settings the properties hold the fleet to.
 *
 * @param promptTimeout how long the stored password prompt may live ({@code ADMIN_PASSWORD_TIMEOUT_SECONDS})
 * @param stallBound how long one update may take before its chat counts as stalled
 */
record ModelWorld(
        FleetUnderTest fleet,
        FleetQueries db,
        RedisCommands<String, String> fsm,
        RedisCommands<String, String> throttle,
        Course course,
        String rightPassword,
        int maxFailures,
        Duration promptTimeout,
        Duration stallBound,
        AtomicLong tags) {

    String password(UserAction.Password password) {
        return switch (password) {
            case RIGHT -> rightPassword;
            case WRONG -> "not the password " + tag();
            case TOO_LONG -> rightPassword + "x".repeat(73);
            case LIKE_A_COMMAND -> "/not-the-password";
        };
    }

    boolean isRightPassword(String text) {
        return rightPassword.equals(text);
    }

    /** Whether {@code text} is or holds the right password (never shown in a report). */
    boolean isPassword(String text) {
        return text.contains(rightPassword);
    }

    /** A tag no other played text carries. */
    String tag() {
        return "#m" + tags.incrementAndGet();
    }

    /** The audit row of the update once it is written; empty when it is not within {@link #stallBound}. */
    Optional<ModelUser.Finished> awaitFinished(long updateId) {
        try {
            return Optional.of(Awaitility.await()
                    .atMost(stallBound)
                    .pollInterval(Duration.ofMillis(25))
                    .until(() -> finished(updateId), Optional::isPresent)
                    .orElseThrow());
        } catch (ConditionTimeoutException e) {
            return Optional.empty();
        }
    }

    private Optional<ModelUser.Finished> finished(long updateId) throws SQLException {
        try (Connection connection = fleet.database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT type, outcome, details->>'handler', details->>'admin' FROM audit_log"
                                + " WHERE update_id = ? ORDER BY type = 'update.dead_lettered' DESC LIMIT 1")) {
            query.setLong(1, updateId);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new ModelUser.Finished(
                                row.getString(1), row.getString(2), row.getString(3), row.getString(4)))
                        : Optional.empty();
            }
        }
    }
}
