package dev.trainingbot.worker.admin;

import dev.trainingbot.worker.cohort.Cohort;
import dev.trainingbot.worker.course.completion.Certificate;
import dev.trainingbot.worker.course.progress.SectionProgress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the learner screen shows of one learner, gathered before it is rendered ({@link LearnerScreens#card}),
 * one component per line of facts.
 *
 * @param progress per section of the course, in course order
 * @param cohort the learner's cohort, when they are in one (else shown as "—")
 * @param certificate the learner's certificate of completion, once issued
 * @param bannedUntil when the learner's throttle ban ends, while one is in force
 */
record LearnerCard(
        LearnerDirectory.Learner learner,
        List<SectionProgress> progress,
        Optional<Cohort> cohort,
        Optional<Certificate> certificate,
        Optional<Instant> bannedUntil) {

    LearnerCard {
        progress = List.copyOf(progress);
    }
}
