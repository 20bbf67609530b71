package dev.trainingbot.worker.admin;

import dev.trainingbot.worker.course.completion.Certificate;
import dev.trainingbot.worker.course.progress.SectionProgress;
import java.util.List;
import java.util.Optional;

/**
 * Everything the learner screen shows of one learner, gathered before it is rendered ({@link LearnerScreens#card}),
 * one component per line of facts. A fact to add — a ban and its end, with a button to lift it — is one more
 * component here, one more line and button there.
 *
 * @param progress per section of the course, in course order
 * @param cohort the learner's cohort, when cohorts exist and they are enrolled in one (none yet: shown as "—")
 * @param certificate the learner's certificate of completion, once issued
 */
record LearnerCard(
        LearnerDirectory.Learner learner,
        List<SectionProgress> progress,
        Optional<String> cohort,
        Optional<Certificate> certificate) {

    LearnerCard {
        progress = List.copyOf(progress);
    }
}
