package dev.trainingbot.worker.cohort;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A group of learners invited through one deep link ({@code t.me/<bot>?start=<code>}).
 *
 * @param code the link's start parameter ({@link InvitationCode})
 * @param name as the admin typed it, 1 to {@value #MAX_NAME_LENGTH} characters
 * @param startsOn the day the cohort starts, if the admin gave one
 * @param deadline the day by which its members should have finished the course, if the admin gave one
 * @param createdBy the admin's Telegram user id
 * @param revokedAt when the invitation was withdrawn: a revoked cohort enrols nobody more, its members stay
 */
public record Cohort(
        long id,
        String code,
        String name,
        Optional<LocalDate> startsOn,
        Optional<LocalDate> deadline,
        long createdBy,
        Instant createdAt,
        Optional<Instant> revokedAt) {

    /** The longest name a cohort may have (the column's check): it is shown on one line of a screen. */
    public static final int MAX_NAME_LENGTH = 64;

    public boolean revoked() {
        return revokedAt.isPresent();
    }
}
