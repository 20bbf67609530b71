package dev.trainingbot.worker.reminder;

import java.time.Instant;
import java.util.List;

/**
 * Where {@link ReminderRule.BeforeDeadline} learns of deadlines: the members of cohorts whose deadline falls in a
 * window, who have not finished the course ({@link CohortDeadlineLearners}).
 */
@FunctionalInterface
public interface CohortDeadlines {

    /** Members with a deadline in {@code [from, to)} who have not finished the course, whose chat is known. */
    List<Deadline> between(Instant from, Instant to) throws Exception;

    /**
     * A learner's deadline in a cohort; {@code (cohort, at)} is the rule's occurrence.
     *
     * @param sectionId the section to name in the text, or null for the course as a whole
     * @param lessonsLeft lessons of the course the learner has not read
     */
    record Deadline(
            long userId,
            long chatId,
            String languageCode,
            String timeZone,
            String cohort,
            Instant at,
            String sectionId,
            int lessonsLeft) {}
}
