package dev.trainingbot.worker.course.progress;

import java.util.OptionalDouble;

/**
 * How all users did in one section.
 *
 * @param usersStarted users who opened at least one of its lessons
 * @param usersCompleted users who opened all of its lessons
 * @param usersTested users who finished its quiz at least once
 * @param averageBestScore the average, over users who took the quiz, of their best score as a fraction (0..1)
 */
public record SectionStatistics(
        String sectionId, long usersStarted, long usersCompleted, long usersTested, OptionalDouble averageBestScore) {}
