package dev.trainingbot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.common.json.Json;
import dev.trainingbot.worker.course.Screens;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.i18n.Languages;
import dev.trainingbot.worker.i18n.Messages;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    private static final Course COURSE = CourseLoader.load(Path.of("../content/course.yaml"));
    private static final Languages LANGUAGES = Languages.discover(WarmUpTest.class.getClassLoader(), "en");
    private static final Screens SCREENS =
            new Screens(CourseCatalog.of(COURSE), new Messages(LANGUAGES, WarmUpTest.class.getClassLoader()));

    @Test
    void rendersAndWritesEveryScreenOfTheCourseInEveryLanguage() {
        long rounds = WarmUp.run(Duration.ofMillis(300), Json.mapper(), SCREENS, COURSE, LANGUAGES);

        // A round is every screen of every section in every language: a screen that fails to render or to be written
        // as a Bot API method ends the warm-up with no complete round.
        assertThat(rounds).isPositive();
    }

    @Test
    void aZeroBudgetIsNoWarmUp() {
        assertThat(WarmUp.run(Duration.ZERO, Json.mapper(), SCREENS, COURSE, LANGUAGES))
                .isZero();
    }
}
