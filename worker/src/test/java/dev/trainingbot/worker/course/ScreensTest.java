package dev.trainingbot.worker.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.course.content.TelegramHtml;
import dev.trainingbot.worker.course.progress.SectionProgress;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.ui.Screen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

class ScreensTest {

    private final Course course = CourseLoader.load(Path.of("../content/course.yaml"));
    private final Screens screens = new Screens(CourseCatalog.of(course), new Messages("en"));
    private static final List<Locale> LOCALES = List.of(Locale.ENGLISH, Locale.forLanguageTag("ru"));

    @Test
    void everyScreenOfTheShippedCourseIsValidTelegramHtmlWithButtonsWithinTheLimit() {
        List<Screen> all = new ArrayList<>();
        for (Locale locale : LOCALES) {
            all.add(screens.greeting(locale, "Ann"));
            all.add(screens.mainMenu(locale));
            all.add(screens.help(locale));
            all.add(screens.sections(locale, List.of()));
            for (Course.Section section : course.sections()) {
                all.add(screens.section(locale, section, notStarted(section), false));
                section.lessons().forEach(lesson -> all.add(screens.lesson(locale, section, lesson)));
                for (int q = 0; q < section.quiz().size(); q++) {
                    all.add(screens.question(locale, section, q, Set.of(0)));
                    all.add(screens.answered(locale, section, q, false));
                }
                all.add(screens.result(locale, section, 1, 2));
            }
        }

        for (Screen screen : all) {
            assertThat(TelegramHtml.problem(screen.text())).as(screen.text()).isEmpty();
            assertThat(TelegramHtml.visibleLength(screen.text())).isLessThanOrEqualTo(4096);
            for (List<InlineKeyboardButton> row : screen.keyboard().getKeyboard()) {
                for (InlineKeyboardButton button : row) {
                    if (button.getCallbackData() != null) {
                        assertThat(button.getCallbackData().getBytes(StandardCharsets.UTF_8))
                                .hasSizeLessThanOrEqualTo(64);
                    }
                }
            }
        }
    }

    @Test
    void aLessonLeadsBackAndOnAndTheLastOneToTheQuiz() {
        Course.Section section = course.sections().getFirst();
        List<String> first = callbacks(
                screens.lesson(Locale.ENGLISH, section, section.lessons().getFirst()));
        List<String> last = callbacks(
                screens.lesson(Locale.ENGLISH, section, section.lessons().getLast()));

        assertThat(first)
                .contains(
                        "1:sec:general_info",
                        "1:les:general_info:" + section.lessons().get(1).id());
        assertThat(last).contains("1:quiz:general_info");
    }

    @Test
    void theRightAnswerIsShownWhenTheAnswerWasWrong() {
        Course.Section section = course.sections().getFirst();
        Course.Question question = section.quiz().questions().getFirst();
        String right =
                question.options().get(question.correct().iterator().next()).in("en");

        assertThat(screens.answered(Locale.ENGLISH, section, 0, false).text()).contains("Not quite", right);
        assertThat(screens.answered(Locale.ENGLISH, section, 0, true).text()).contains("Right!");
    }

    @Test
    void progressCountsCompletedSectionsAndShowsBestAndLastScores() {
        Course.Section first = course.sections().getFirst();
        List<SectionProgress> progress = new ArrayList<>();
        progress.add(new SectionProgress(
                first.id(),
                first.lessons().size(),
                first.lessons().size(),
                OptionalInt.of(3),
                OptionalInt.of(2),
                3,
                2));
        course.sections().stream().skip(1).forEach(s -> progress.add(notStarted(s)));

        String text = screens.progress(Locale.ENGLISH, progress).text();

        assertThat(text)
                .contains(
                        "✅ <b>General info</b>",
                        "best 3 of 3, last 2 of 3",
                        "Sections completed: 1 of " + course.sections().size());
    }

    private static SectionProgress notStarted(Course.Section section) {
        return new SectionProgress(
                section.id(),
                0,
                section.lessons().size(),
                OptionalInt.empty(),
                OptionalInt.empty(),
                section.quiz().size(),
                0);
    }

    private static List<String> callbacks(Screen screen) {
        return screen.keyboard().getKeyboard().stream()
                .flatMap(List::stream)
                .map(InlineKeyboardButton::getCallbackData)
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
