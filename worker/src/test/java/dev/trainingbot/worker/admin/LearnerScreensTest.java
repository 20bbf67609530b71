package dev.trainingbot.worker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainingbot.worker.cohort.Cohort;
import dev.trainingbot.worker.course.Screens;
import dev.trainingbot.worker.course.content.Course;
import dev.trainingbot.worker.course.content.CourseCatalog;
import dev.trainingbot.worker.course.content.CourseLoader;
import dev.trainingbot.worker.course.content.TelegramHtml;
import dev.trainingbot.worker.course.progress.SectionProgress;
import dev.trainingbot.worker.i18n.Messages;
import dev.trainingbot.worker.ui.Screen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;

/** The learner tools' screens: what the admin reads of a learner, and buttons Telegram takes. */
class LearnerScreensTest {

    private static final Course COURSE = CourseLoader.load(Path.of("../content/course.yaml"));
    private static final Messages MESSAGES = new Messages("en");
    private static final LearnerScreens SCREENS =
            new LearnerScreens(CourseCatalog.of(COURSE), new Screens(CourseCatalog.of(COURSE), MESSAGES), MESSAGES);
    /** As long as ids get: 18 digits, the longest a search by id takes. */
    private static final long LONGEST_ID = 999_999_999_999_999_999L;

    @Test
    void aLearnersScreenEscapesTheirNameAndSaysWhatIsNotKnown() {
        LearnerDirectory.Learner learner = new LearnerDirectory.Learner(
                42,
                OptionalLong.empty(),
                "<Ann>",
                "& Co",
                null,
                null,
                Instant.parse("2026-11-30T08:15:00Z"),
                Optional.of(Instant.parse("2026-12-01T10:00:00Z")));

        Screen card = SCREENS.card(
                Locale.ENGLISH,
                new LearnerCard(learner, progress(), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty());

        assertThat(card.text())
                .contains("👤 <b>&lt;Ann&gt; &amp; Co</b>\nid <code>42</code>")
                .contains("Language: —")
                .contains("Last activity: 2026-11-30 08:15 UTC")
                .contains("Blocked the bot: yes, since 2026-12-01 10:00 UTC")
                .contains("Cohort: —");
        assertThat(TelegramHtml.problem(card.text())).isEmpty();
    }

    @Test
    void everyButtonOfTheLearnerToolsFitsTelegramsSixtyFourBytesForTheLongestIds() {
        LearnerDirectory.Learner learner = new LearnerDirectory.Learner(
                LONGEST_ID, OptionalLong.of(LONGEST_ID), "Ann", null, "ann", "en", Instant.EPOCH, Optional.empty());
        List<Screen> screens = new java.util.ArrayList<>();
        for (Locale locale : List.of(Locale.ENGLISH, Locale.forLanguageTag("ru"))) {
            screens.add(SCREENS.card(
                    locale,
                    new LearnerCard(
                            learner,
                            progress(),
                            Optional.of(new Cohort(
                                    1,
                                    "AAAAAAAAAAAAAAAA",
                                    "Spring <b>",
                                    Optional.of(LocalDate.of(2027, 3, 1)),
                                    Optional.empty(),
                                    7,
                                    Instant.EPOCH,
                                    Optional.empty())),
                            Optional.empty(),
                            Optional.empty()),
                    Optional.empty()));
            screens.add(SCREENS.confirmReset(
                    locale, learner, Optional.empty(), ResetConfirmations.nonceOf(Long.MAX_VALUE)));
            for (Course.Section section : COURSE.sections()) {
                screens.add(SCREENS.confirmReset(
                        locale, learner, Optional.of(section), ResetConfirmations.nonceOf(Long.MAX_VALUE)));
            }
            screens.add(SCREENS.messagePreview(locale, learner));
            screens.add(SCREENS.matches(locale, "ann", new LearnerDirectory.Found(List.of(learner, learner), true)));
        }

        for (Screen screen : screens) {
            assertThat(TelegramHtml.problem(screen.text())).as(screen.text()).isEmpty();
            for (List<InlineKeyboardButton> row : screen.keyboard().getKeyboard()) {
                for (InlineKeyboardButton button : row) {
                    assertThat(button.getCallbackData().getBytes(StandardCharsets.UTF_8))
                            .as(button.getCallbackData())
                            .hasSizeLessThanOrEqualTo(64);
                }
            }
        }
    }

    @Test
    void aSectionsResetAndTheWholeCoursesAreButtonsOfTheLearnersScreen() {
        LearnerDirectory.Learner learner = new LearnerDirectory.Learner(
                7, OptionalLong.of(7), "Bo", null, null, "ru", Instant.EPOCH, Optional.empty());

        Screen card = SCREENS.card(
                Locale.ENGLISH,
                new LearnerCard(learner, progress(), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty());

        assertThat(card.keyboard().getKeyboard().stream()
                        .flatMap(List::stream)
                        .map(InlineKeyboardButton::getCallbackData))
                .contains("1:admur:7:" + COURSE.sections().getFirst().id(), "1:admur:7:*", "1:admum:7", "1:admuf");
    }

    private static List<SectionProgress> progress() {
        return COURSE.sections().stream()
                .map(s -> new SectionProgress(
                        s.id(),
                        1,
                        s.lessons().size(),
                        OptionalInt.of(1),
                        OptionalInt.of(0),
                        s.quiz().size(),
                        1))
                .toList();
    }
}
