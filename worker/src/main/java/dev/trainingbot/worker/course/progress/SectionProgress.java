package dev.trainingbot.worker.course.progress;

import java.util.OptionalInt;

/**
 * One section of a user's progress.
 *
 * @param bestScore best quiz score, if the quiz was taken
 * @param lastScore score of the latest attempt, if any
 * @param questions the quiz's number of questions now
 */
public record SectionProgress(
        String sectionId,
        int lessonsCompleted,
        int lessonsTotal,
        OptionalInt bestScore,
        OptionalInt lastScore,
        int questions,
        int attempts) {

    public boolean lessonsDone() {
        return lessonsCompleted >= lessonsTotal;
    }

    /** All lessons read and the quiz taken. */
    public boolean completed() {
        return lessonsDone() && attempts > 0;
    }
}
