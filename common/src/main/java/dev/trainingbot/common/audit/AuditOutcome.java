package dev.trainingbot.common.audit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the fleet dealt with what an audit event records. Stored in {@code audit_log.outcome} as the lower-case name. */
public enum AuditOutcome {
    /** A handler ran and completed. */
    HANDLED,
    /** The update was one the bot does not handle (an edited message, a channel post, …); acknowledged and counted. */
    IGNORED,
    /** The token bucket was empty. */
    THROTTLED,
    /** The user is temporarily banned for repeated throttle violations. */
    BANNED,
    /** The update failed {@code WORKER_MAX_ATTEMPTS} times and went to the dead-letter topic. */
    DEAD_LETTERED,
    /** An operation was refused (a wrong password, a locked login, a forged callback). */
    REFUSED,
    /** An operation succeeded that is not an update's handling (a login, a broadcast delivery). */
    SUCCEEDED,
    /** An operation failed permanently (a broadcast to a user who blocked the bot). */
    FAILED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AuditOutcome fromWire(String value) {
        for (AuditOutcome outcome : values()) {
            if (outcome.wireName().equals(value)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown audit outcome '" + value + "'");
    }
}
